// da_reference: a tight C++ student-proposing deferred acceptance, the
// reference the stable allocation benchmarks are compared with. It reads an
// instance written by the benchmarks' TestExportStudentDA (little-endian
// int32: S, P, P capacities, then per student k and k (position, priority)
// pairs, most preferred first; priority 0 is the highest), solves it RUNS
// times (default 5) and prints the median solve time (reading excluded) and
// the number of students placed and their total rank, to compare outcomes.
// Like the Go mechanism, the timed part ends with each student's position
// and rank in arrays.
//
// Each position keeps its admitted students in a max-heap of
// priority<<32 | pair index, so the worst admitted is at the top; a student
// proposes down their list, and a displaced student resumes after the pair
// they held.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: da_reference FILE\n");
    return 2;
  }
  std::FILE* f = std::fopen(argv[1], "rb");
  if (!f) {
    std::perror(argv[1]);
    return 2;
  }
  auto get = [&]() {
    int32_t v;
    if (std::fread(&v, 4, 1, f) != 1) {
      std::fprintf(stderr, "short file\n");
      std::exit(2);
    }
    return v;
  };
  int32_t S = get(), P = get();
  std::vector<int32_t> cap(P);
  for (auto& c : cap) c = get();
  std::vector<int32_t> start(S + 1), pos, prio;
  for (int32_t s = 0; s < S; s++) {
    int32_t k = get();
    start[s] = pos.size();
    for (int32_t i = 0; i < k; i++) {
      pos.push_back(get());
      prio.push_back(get());
    }
  }
  start[S] = pos.size();
  std::fclose(f);
  // owner[k]: the student of pair k.
  std::vector<int32_t> owner(pos.size());
  for (int32_t s = 0; s < S; s++)
    for (int32_t k = start[s]; k < start[s + 1]; k++) owner[k] = s;

  const char* r = std::getenv("RUNS");
  int runs = r ? std::atoi(r) : 5;
  std::vector<double> times;
  long placed = 0, total_rank = 0;
  for (int run = 0; run < runs; run++) {
    auto t0 = std::chrono::steady_clock::now();
    std::vector<std::vector<uint64_t>> heap(P);
    for (int32_t p = 0; p < P; p++) heap[p].reserve(cap[p]);
    for (int32_t s = 0; s < S; s++) {
      int32_t k = start[s];
      int32_t end = start[s + 1];
      while (k < end) {
        auto& h = heap[pos[k]];
        uint64_t key = (uint64_t)(uint32_t)prio[k] << 32 | (uint32_t)k;
        if ((int32_t)h.size() < cap[pos[k]]) {
          h.push_back(key);
          std::push_heap(h.begin(), h.end());
          break;
        }
        if (!h.empty() && key < h.front()) {
          std::pop_heap(h.begin(), h.end());
          int32_t displaced = (int32_t)(uint32_t)h.back();
          h.back() = key;
          std::push_heap(h.begin(), h.end());
          k = displaced;
          end = start[owner[k] + 1];
        }
        k++;
      }
    }
    // The result, as the Go mechanism returns it: each student's position
    // and rank (here among acceptable choices), -1 for the unplaced.
    std::vector<int32_t> assign(S, -1), rank(S, -1);
    for (int32_t p = 0; p < P; p++)
      for (uint64_t key : heap[p]) {
        int32_t k = (int32_t)(uint32_t)key;
        assign[owner[k]] = p;
        rank[owner[k]] = k - start[owner[k]] + 1;
      }
    auto t1 = std::chrono::steady_clock::now();
    times.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    placed = 0;
    total_rank = 0;
    for (int32_t s = 0; s < S; s++)
      if (assign[s] >= 0) {
        placed++;
        total_rank += rank[s];
      }
  }
  std::sort(times.begin(), times.end());
  std::printf("solve_ms %.2f placed %ld acceptable_rank_sum %ld runs %d\n", times[times.size() / 2], placed,
              total_rank, runs);
  return 0;
}
