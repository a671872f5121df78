// lemon_driver: solve DIMACS min-cost flow files with LEMON's NetworkSimplex
// and print, per file, one line
//
//   FILE STATUS COST MEDIAN_SECONDS MAXRSS_MIB
//
// The time covers the solver only (constructing NetworkSimplex, setting the
// maps and run()), not reading the file; it is the median of RUNS runs
// (default 3). Used by lemon.sh to compare with the Go flow package.
//
// The number type is LEMON_VALUE (default long long): lemon.sh builds it
// twice, with long long and with int, since the int build is the faster of
// the two on networks whose numbers fit in 32 bits, and compares with the
// faster one that agrees on the optimum.
#include <lemon/dimacs.h>
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

using Graph = lemon::SmartDigraph;
#ifndef LEMON_VALUE
#define LEMON_VALUE long long
#endif
using Value = LEMON_VALUE;

int main(int argc, char **argv) {
  int runs = 3;
  const char *env = std::getenv("RUNS");
  if (env != nullptr && std::atoi(env) > 0) runs = std::atoi(env);
  for (int i = 1; i < argc; i++) {
    Graph g;
    Graph::ArcMap<Value> lower(g), cap(g), cost(g);
    Graph::NodeMap<Value> supply(g);
    std::ifstream in(argv[i]);
    if (!in) {
      std::fprintf(stderr, "lemon_driver: cannot open %s\n", argv[i]);
      return 1;
    }
    lemon::readDimacsMin(in, g, lower, cap, cost, supply);
    std::vector<double> times;
    std::string status;
    Value total = 0;
    for (int r = 0; r < runs; r++) {
      auto t0 = std::chrono::steady_clock::now();
      lemon::NetworkSimplex<Graph, Value, Value> ns(g);
      ns.lowerMap(lower).upperMap(cap).costMap(cost).supplyMap(supply);
      auto res = ns.run();
      auto t1 = std::chrono::steady_clock::now();
      times.push_back(std::chrono::duration<double>(t1 - t0).count());
      switch (res) {
        case lemon::NetworkSimplex<Graph, Value, Value>::OPTIMAL:
          status = "OPTIMAL";
          total = ns.totalCost();
          break;
        case lemon::NetworkSimplex<Graph, Value, Value>::INFEASIBLE:
          status = "INFEASIBLE";
          break;
        default:
          status = "UNBOUNDED";
      }
    }
    std::sort(times.begin(), times.end());
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    std::string name = argv[i];
    size_t slash = name.find_last_of('/');
    if (slash != std::string::npos) name = name.substr(slash + 1);
    std::printf("%s %s %lld %.3f %.0f\n", name.c_str(), status.c_str(), (long long)total,
                times[times.size() / 2], ru.ru_maxrss / 1024.0);
    std::fflush(stdout);
  }
  return 0;
}
