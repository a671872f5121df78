package matching_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
)

// roundCohort: four positions, five students listing p1..p4 in order.
func roundCohort(t *testing.T) *model.Cohort {
	t.Helper()
	d := model.Data{Majors: []model.Major{{ID: "M1"}}}
	for _, id := range []string{"p1", "p2", "p3", "p4"} {
		d.Positions = append(d.Positions, model.Position{ID: id, Capacity: 1})
	}
	d.Positions[2].Ranking = []string{"s1"} // p3 ranks s1 only
	for _, id := range []string{"s1", "s2", "s3", "s4", "s5"} {
		d.Students = append(d.Students, model.Student{ID: id, Score: 1, Major: "M1", Choices: []string{"p1", "p2", "p3", "p4"}})
	}
	c, err := model.New(d, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestRoundCompile(t *testing.T) {
	c := roundCohort(t)
	ctx := context.Background()
	std := []matching.Standing{
		{Answer: model.Accept, Seat: 1},   // s1 accepts p2: only p2
		{Answer: model.Hold, Seat: 2},     // s2 holds p3 (unranked there): p1, p2, then p3
		{Answer: model.Decline, Seat: -1}, // s3
		{Answer: model.Withdraw, Seat: -1},
		{Answer: model.Continue, Seat: -1},
	}
	inst, err := matching.Compile(ctx, c, &matching.CompileOptions{Round: &matching.Round{Number: 2, Standings: std}})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]int{{1}, {0, 1, 2}, nil, nil, {0, 1, 3}}
	wantRanks := [][]int{{2}, {1, 2, 3}, nil, nil, {1, 2, 4}}
	for s := range want {
		pos, ranks := inst.Acceptable(s)
		if !slices.Equal(pos, want[s]) || !slices.Equal(ranks, wantRanks[s]) {
			t.Errorf("student %d: acceptable %v ranks %v, want %v %v", s, pos, ranks, want[s], wantRanks[s])
		}
	}
	if pr, ok := inst.Priority(1, 2); !ok || pr != 0 {
		t.Errorf("s2 at p3: priority %d %v, want 0 (guaranteed first)", pr, ok)
	}
	if pr, _ := inst.Priority(0, 1); pr != 0 {
		t.Errorf("s1 at p2: priority %d, want 0", pr)
	}
	if got := inst.Standing(1); got != std[1] {
		t.Errorf("Standing(1) = %v", got)
	}
	for _, m := range []matching.Mechanism{matching.StudentDA, matching.LeastDisruption} {
		r, err := matching.Solve(ctx, inst, m, nil)
		if err != nil {
			t.Fatal(err)
		}
		if r.Mechanism() != m || r.Position(0) != 1 || r.Reason(2) != matching.Declined || r.Reason(3) != matching.Withdrew {
			t.Errorf("%v: s1 at %d, reasons %v %v", m, r.Position(0), r.Reason(2), r.Reason(3))
		}
	}
	if matching.Declined.String() != "declined the seat offered" || matching.Withdrew.String() != "withdrew" {
		t.Error("reason texts")
	}

	// A main round: no standings, least-disruption refused.
	main, err := matching.Compile(ctx, c, nil)
	if err != nil {
		t.Fatal(err)
	}
	if main.Round() != nil || main.Standing(0) != (matching.Standing{Seat: -1}) {
		t.Error("main round has a round")
	}
	if _, err := matching.Solve(ctx, main, matching.LeastDisruption, nil); err == nil {
		t.Error("least-disruption ran on a main round")
	}
	if m, err := matching.ParseMechanism("least-disruption"); err != nil || m != matching.LeastDisruption || m.String() != "least-disruption" {
		t.Errorf("ParseMechanism: %v %v", m, err)
	}

	// Held seats that no longer fit: two students accept p1 (one seat).
	std2 := slices.Clone(std)
	std2[0] = matching.Standing{Answer: model.Accept, Seat: 0}
	std2[4] = matching.Standing{Answer: model.Hold, Seat: 0}
	_, err = matching.Compile(ctx, c, &matching.CompileOptions{Round: &matching.Round{Number: 2, Standings: std2}})
	var he *matching.HeldSeatsError
	if !errors.As(err, &he) || len(he.Seats) != 1 || he.Seats[0].Position != 0 || !slices.Equal(he.Seats[0].Students, []int{0, 4}) || he.Seats[0].Seats != 1 {
		t.Fatalf("held seats: %v", err)
	}
	if !strings.Contains(err.Error(), `"s5"`) {
		t.Errorf("error does not name s5: %v", err)
	}
	// Standings of the wrong length.
	if _, err := matching.Compile(ctx, c, &matching.CompileOptions{Round: &matching.Round{Standings: std[:3]}}); err == nil {
		t.Error("standings of the wrong length compiled")
	}
}

// TestRoundLottery checks the three lottery rules against the main round's
// draws, under both tie-breaks.
func TestRoundLottery(t *testing.T) {
	c := roundCohort(t)
	ctx := context.Background()
	n := c.NumStudents()
	free := make([]matching.Standing, n)
	for s := range free {
		free[s] = matching.Standing{Answer: model.Continue, Seat: -1}
	}
	for _, tb := range []matching.TieBreak{matching.SingleTieBreak, matching.MultipleTieBreak} {
		main, err := matching.Compile(ctx, c, &matching.CompileOptions{TieBreak: tb, Seed: 7})
		if err != nil {
			t.Fatal(err)
		}
		for i, rule := range []matching.LotteryRule{matching.ReversedLottery, matching.SameLottery, matching.FreshLottery, matching.ReversedLottery} {
			// Reversed in even rounds, the main draw in odd ones.
			number := 2 + 2*(i/3) + i%2
			inst, err := matching.Compile(ctx, c, &matching.CompileOptions{TieBreak: tb, Seed: 7, Round: &matching.Round{Number: number, Lottery: rule, Standings: free}})
			if err != nil {
				t.Fatal(err)
			}
			same, differ := 0, 0
			for s := range n {
				for p := range c.Positions() {
					d0, d := main.Lottery(s, p), inst.Lottery(s, p)
					switch rule {
					case matching.ReversedLottery:
						if number%2 == 1 {
							if d != d0 {
								t.Fatalf("%v %v round %d: draw %d, want the main draw %d", tb, rule, number, d, d0)
							}
							break
						}
						want := ^d0
						if tb == matching.SingleTieBreak {
							want = uint64(n-1) - d0
						}
						if d != want {
							t.Fatalf("%v %v: draw %d, want %d", tb, rule, d, want)
						}
					case matching.SameLottery:
						if d != d0 {
							t.Fatalf("%v %v: draw %d, want %d", tb, rule, d, d0)
						}
					}
					if d == d0 {
						same++
					} else {
						differ++
					}
				}
			}
			if rule == matching.FreshLottery && differ == 0 {
				t.Errorf("%v: the fresh lottery is the same", tb)
			}
		}
	}
	for _, name := range []string{"reversed", "same", "fresh"} {
		if l, err := matching.ParseLotteryRule(name); err != nil || l.String() != name {
			t.Errorf("ParseLotteryRule(%q) = %v, %v", name, l, err)
		}
	}
}
