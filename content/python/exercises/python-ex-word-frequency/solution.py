counts = {}
for word in input().lower().split():
    counts[word] = counts.get(word, 0) + 1
for word, count in counts.items():
    print(word, count)
