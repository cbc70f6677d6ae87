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
    // TODO: sort the players and print the ranked leaderboard.
    return 0;
}
