package matching_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
)

// lotteryCohort is a cohort of tied students (one score, every position
// on every list, no rankings) named by ids, so that each position orders
// them by the lottery alone.
func lotteryCohort(t *testing.T, ids []string) *model.Cohort {
	t.Helper()
	d := model.Data{Majors: []model.Major{{ID: "M1"}}}
	for _, id := range []string{"p1", "p2", "p3"} {
		d.Positions = append(d.Positions, model.Position{ID: id, Capacity: 1})
	}
	for _, id := range ids {
		d.Students = append(d.Students, model.Student{ID: id, Score: 1, Major: "M1", Choices: []string{"p1", "p2", "p3"}})
	}
	c, err := model.New(d, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestRoundLotteryNewStudents checks that a round's draw belongs to the
// students of the previous round, not to indices: with late students
// appended and inserted in the middle, "same" keeps every pair of the
// previous students in the main round's order at every position,
// "reversed" flips every pair in round 2 and keeps it in round 3, and
// every new student comes after every previous one; under both
// tie-breaks.
func TestRoundLotteryNewStudents(t *testing.T) {
	ctx := context.Background()
	var old []string
	for i := range 12 {
		old = append(old, fmt.Sprintf("S%02d", i))
	}
	main := lotteryCohort(t, old)
	// Late students: two inserted after S02, one appended.
	next := append(append(append([]string{}, old[:3]...), "N1", "N2"), old[3:]...)
	next = append(next, "N3")
	c := lotteryCohort(t, next)
	isNew := func(id string) bool { return id[0] == 'N' }
	std := make([]matching.Standing, len(next))
	for s, id := range next {
		std[s] = matching.Standing{Answer: model.Continue, Seat: -1, Joined: 1}
		if isNew(id) {
			std[s].Joined = 2
		}
	}
	for _, tb := range []matching.TieBreak{matching.SingleTieBreak, matching.MultipleTieBreak} {
		m, err := matching.Compile(ctx, main, &matching.CompileOptions{TieBreak: tb, Seed: 11})
		if err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			rule   matching.LotteryRule
			number int
			flip   bool // every previous pair reversed; else every pair kept
		}{
			{matching.SameLottery, 2, false},
			{matching.SameLottery, 3, false},
			{matching.ReversedLottery, 2, true},
			{matching.ReversedLottery, 3, false},
			{matching.ReversedLottery, 4, true},
			{matching.FreshLottery, 2, false},
		}
		for _, tc := range cases {
			inst, err := matching.Compile(ctx, c, &matching.CompileOptions{TieBreak: tb, Seed: 11, Round: &matching.Round{Number: tc.number, Lottery: tc.rule, Standings: std}})
			if err != nil {
				t.Fatal(err)
			}
			kept, flipped := 0, 0
			for p := range 3 {
				for a, ida := range next {
					pa, ok := inst.Priority(a, p)
					if !ok {
						t.Fatalf("%s not acceptable at p%d", ida, p+1)
					}
					for b, idb := range next {
						if a == b {
							continue
						}
						pb, _ := inst.Priority(b, p)
						switch {
						case isNew(ida) && !isNew(idb):
							if pa < pb {
								t.Errorf("%v %v round %d: new %s before previous %s at p%d", tb, tc.rule, tc.number, ida, idb, p+1)
							}
						case !isNew(ida) && !isNew(idb) && ida < idb:
							ma, _ := main.StudentIndex(ida)
							mb, _ := main.StudentIndex(idb)
							qa, _ := m.Priority(ma, p)
							qb, _ := m.Priority(mb, p)
							if (qa < qb) == (pa < pb) {
								kept++
							} else {
								flipped++
							}
						}
					}
				}
			}
			pairs := 3 * len(old) * (len(old) - 1) / 2
			switch {
			case tc.rule == matching.FreshLottery:
				if kept == pairs || flipped == pairs {
					t.Errorf("%v fresh: %d of %d pairs kept, %d flipped: not a new draw", tb, kept, pairs, flipped)
				}
			case tc.flip && flipped != pairs:
				t.Errorf("%v %v round %d: %d of %d previous pairs reversed, want all", tb, tc.rule, tc.number, flipped, pairs)
			case !tc.flip && kept != pairs:
				t.Errorf("%v %v round %d: %d of %d previous pairs kept, want all", tb, tc.rule, tc.number, kept, pairs)
			}
		}
	}
}

// TestRoundCopy: Instance.Round returns a copy: changing it changes
// neither the instance's standings nor what Check reads.
func TestRoundCopy(t *testing.T) {
	c := roundCohort(t)
	std := []matching.Standing{{Answer: model.Accept, Seat: 1}, {Answer: model.Continue, Seat: -1}, {Answer: model.Continue, Seat: -1}, {Answer: model.Continue, Seat: -1}, {Answer: model.Continue, Seat: -1}}
	inst, err := matching.Compile(context.Background(), c, &matching.CompileOptions{Round: &matching.Round{Number: 2, Standings: std}})
	if err != nil {
		t.Fatal(err)
	}
	res, err := matching.StudentProposing(context.Background(), inst, nil)
	if err != nil {
		t.Fatal(err)
	}
	r := inst.Round()
	if r == nil || r.Number != 2 || len(r.Standings) != 5 {
		t.Fatalf("Round() = %+v", r)
	}
	r.Standings[0] = matching.Standing{Answer: model.Decline, Seat: -1}
	r.Number = 9
	if got := inst.Standing(0); got != std[0] {
		t.Errorf("Standing(0) = %+v after changing Round()'s copy, want %+v", got, std[0])
	}
	if got := inst.Round(); got.Number != 2 || got.Standings[0] != std[0] {
		t.Errorf("Round() = %+v after changing an earlier copy", got)
	}
	if f := matching.Check(inst, res.Placements()); len(f) != 0 {
		t.Errorf("Check after changing Round()'s copy: %v", f)
	}
}

// TestRoundJoinedAfterRound: a standing that joined after the round is
// refused by Compile, naming the student.
func TestRoundJoinedAfterRound(t *testing.T) {
	c := lotteryCohort(t, []string{"S1", "S2"})
	std := []matching.Standing{{Seat: -1}, {Seat: -1, Joined: 3}}
	_, err := matching.Compile(context.Background(), c, &matching.CompileOptions{Round: &matching.Round{Number: 2, Standings: std}})
	if err == nil || !strings.Contains(err.Error(), `student "S2" joined in round 3, after this round 2`) {
		t.Fatalf("Compile = %v, want the student named", err)
	}
	std[1].Joined = 2
	if _, err := matching.Compile(context.Background(), c, &matching.CompileOptions{Round: &matching.Round{Number: 2, Standings: std}}); err != nil {
		t.Fatal(err)
	}
}
