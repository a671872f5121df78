// Package flow is an exact minimum-cost flow solver for the placement engine,
// with a certificate that anyone can check without trusting the solver.
//
// It imports nothing else of this repository and can be used on its own.
//
// # Pieces
//
//   - Network (network.go): nodes 0..n-1 with integer supplies and optional
//     names; arcs with int64 lower bounds, capacities (Infinite for none) and
//     costs (|cost| ≤ MaxCost = 2^60).
//   - Solve (solve.go, primaldual.go): returns a Result with the flow on every
//     arc, the optimal cost and node potentials (the LP duals); or an error
//     wrapping ErrInfeasible (with a cut that proves it, *InfeasibleError),
//     ErrUnbounded (with a negative cycle of infinite capacity,
//     *UnboundedError), ErrOverflow, or the context's error.
//   - Check, CheckInfeasible, CheckUnbounded (check.go): verify an optimal
//     solution (bounds, conservation, complementary slackness with the
//     potentials, objective), an infeasibility cut (Hoffman's condition), or
//     an unbounded cycle, from the network alone. They share no code with the
//     solver and compute in 128-bit integers.
//   - ReadDIMACS, WriteDIMACS, WriteSolution (dimacs.go): the DIMACS
//     min-cost flow format ("p min N M", "n ID SUPPLY", "a FROM TO LOW CAP
//     COST", "c" comments) and its solution lines ("s COST", "f FROM TO FLOW").
//
// # Exactness
//
// All arithmetic is int64 and exact; there is no epsilon anywhere. Every
// quantity that could leave int64 is checked: supply totals, lower-bound
// shifts, potentials (kept within ±2^60, which with |cost| ≤ 2^60 keeps every
// reduced cost and tentative distance of the inner loops inside int64), the
// cost of an unbounded cycle and the objective. Going past a limit returns an
// error wrapping ErrOverflow, never a wrong answer.
//
// # Algorithm
//
// Solve uses a primal-dual method (Ford and Fulkerson's "phased" successive
// shortest paths). Lower bounds are shifted into the supplies. If an arc of
// Infinite capacity has a negative cost, Bellman–Ford over those arcs either
// finds a negative cycle of infinite capacity (then the problem is unbounded
// if it is feasible, which a zero-cost solve decides) or gives potentials
// under which they all have non-negative reduced cost; finite arcs of
// negative reduced cost are then saturated. From there every residual arc has
// a non-negative reduced cost, and each phase
//
//  1. runs Dijkstra's algorithm in reduced costs from all nodes with excess,
//     over Dial's bucket queue (4096 buckets; larger distances, as with the
//     exponential costs of rank-maximal or generous objectives, go to a
//     binary heap), and stops at the first node with a deficit, at distance
//     D; the potential of every node settled closer than D, at distance d,
//     is lowered by D − d, so that every shortest path to that deficit gets
//     zero reduced cost and no reduced cost becomes negative;
//  2. extracts the arcs of zero reduced cost (the admissible graph: on
//     placement networks about a tenth of the arcs) and runs Dinic's
//     maximum-flow algorithm on it from the excess nodes to the deficit
//     nodes, until no admissible path remains.
//
// After a phase the shortest augmenting path is strictly longer, so there are
// at most as many phases as distinct shortest-path lengths. On the placement
// networks of the benchmarks, with ranks 1..k, that was fewer than k: 6 to 8
// phases for k = 10, 20 and 500. When no deficit node can be
// reached, the nodes that can still reach a deficit (or, with surplus supply,
// that an excess can reach) form the infeasibility cut.
//
// Complexity: O(P·(m + n + B) + P·F) time, with P phases, B the buckets
// scanned, and F the Dinic max flow on the admissible graph (O(n²·m) in the
// worst case, O(m·√n) on unit-capacity networks); P is at most the total
// supply, so the method is pseudo-polynomial in the worst case, though small
// on placement networks. Bellman–Ford, when needed, adds O(n·m). Memory: 24
// bytes per arc for the residual network (costs and residual capacities are
// stored in int32 when they all fit; up to 40 otherwise), 20 per arc of zero
// reduced cost, about 60 per node, plus the Result (8 bytes per arc and per
// node).
//
// # Why this algorithm
//
// Candidates were measured during development on the generated placement
// networks of the benchmarks (internal/gen; same machine, same session):
//
//   - Successive shortest paths (one augmenting path per Dijkstra; kept as
//     Options.Algorithm = SuccessiveShortestPaths, a test oracle) needs one
//     Dijkstra per unit of supply: 3.1 s instead of 0.03 s on the
//     5,000-student network, hopeless beyond.
//   - Primal-dual with a depth-first "any path" max-flow per phase instead of
//     Dinic: 2,294 rounds instead of 28 on the 100,000-student network, over
//     a hundred times slower. Discarded.
//   - Primal-dual with Dinic over the whole residual network: 4–6 s on the
//     100,000-student network (the machine is shared and noisy); over the
//     extracted admissible graph, indexing the residual arrays: about 1.2 s;
//     with the admissible graph's own residual and reverse arrays (kept):
//     about 1.0 s, and 20–27 s instead of 31 s on the 1,000,000-student
//     network.
//   - LEMON's NetworkSimplex, the external reference (benchmarks/flow):
//     0.02–0.04 s, 0.8–1.6 s, 2.4–4.4 s and 128–146 s on the four benchmark
//     networks, against 0.02–0.06 s, 0.27–0.51 s, 0.8–2.1 s and 21–26 s for
//     this package in the same sessions: at parity on the smallest network
//     (within the machine's noise), 2–4.5 times faster on the others, 5–7
//     times on the largest, in 1.4 GiB instead of 2.0 GiB.
//
// A network simplex and a cost-scaling push-relabel were not written: the
// primal-dual method already needs only 6–8 phases on these networks (the
// ranks are small integers, so the shortest-path lengths are few), and its
// phases are linear scans that suit large sparse networks.
//
// # Determinism and ties
//
// Solve is deterministic: the same network and options give the same flows,
// potentials and diagnoses. Residual arcs are scanned in arc-index order,
// excess nodes are taken in node order, equal tentative distances leave the
// bucket queue last-in first-out and the heap by node index; the flow returned
// among several optimal ones is the one these rules produce. Unbounded cycles
// start at their smallest arc index; cuts list nodes in increasing order.
//
// # Concurrency
//
// Solve and the checkers only read the Network; any number may run at once
// on the same network, as long as nobody modifies it meanwhile. Solve never
// modifies its input.
package flow
