#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

struct Player {
    std::string name;
    int score = 0;
};

int main() {
    std::vector<Player> players;
    Player p;
    while (std::cin >> p.name >> p.score) {
        players.push_back(p);
    }

    std::sort(players.begin(), players.end(), [](const Player& a, const Player& b) {
        if (a.score != b.score) {
            return a.score > b.score;
        }
        return a.name < b.name;
    });

    // Numbers the lines 1, 2, 3, ... even when scores are tied.
    for (std::size_t i = 0; i < players.size(); i++) {
        std::cout << i + 1 << ". " << players[i].name << ' ' << players[i].score << "\n";
    }
    return 0;
}
