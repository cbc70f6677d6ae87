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

    // Sorts by score only; tied players stay in the order they were read.
    std::stable_sort(players.begin(), players.end(), [](const Player& a, const Player& b) {
        return a.score > b.score;
    });

    std::size_t rank = 0;
    for (std::size_t i = 0; i < players.size(); i++) {
        if (i == 0 || players[i].score != players[i - 1].score) {
            rank = i + 1;
        }
        std::cout << rank << ". " << players[i].name << ' ' << players[i].score << "\n";
    }
    return 0;
}
