package whatif

import (
	"fmt"
	"slices"

	"github.com/placement-engine/placement/model"
)

// Apply applies the changes to a copy of the cohort, in the order of the
// entries, and validates the result with model.New(data, opts).
//
// The changed cohort keeps every student and every position of c, at the
// same index:
//
//   - a withdrawn student stays, with no choices and no special-post flag
//     (the group's promise to place them lapses with the withdrawal): they
//     take part in nothing, and the lottery that breaks ties in score,
//     drawn over student indices, gives every other student the same draw
//     as in the base cohort, so that their relative priorities at every
//     position are unchanged;
//   - a withdrawn position stays, with capacity 0 and no reserves, minimum
//     fill or target: nobody is placed there, the students' lists keep the
//     ranks they had, and per-position lotteries (MultipleTieBreak, drawn
//     over position indices) stay the same for the other positions.
//
// A result of the changed cohort therefore lists withdrawn students as
// unplaced ("empty list"); [Compare] reports them as withdrawn.
//
// An ID that c does not have, a student withdrawn twice, a change to a
// position already withdrawn, or seats removed beyond a position's capacity
// is reported in a *[ChangeError] naming the file, the entry and its
// field, every problem at once; an unknown ID carries what it was probably
// meant to be (model's hints, [model.Problem.Suggestions]). Changes that a
// reader returned with its error give that error's problems with the
// unknown IDs of every entry, in the order of the file. A changed cohort that does not validate
// (reserves above the new capacity, a floor no longer reachable, ...)
// returns model's *model.ValidationError, wrapped. Apply never modifies c
// or ch; it runs in the time of model.New plus O(entries).
func Apply(c *model.Cohort, ch *Changes, opts *model.Options) (*model.Cohort, error) {
	if c == nil || ch == nil {
		return nil, fmt.Errorf("whatif: apply: nil cohort or changes")
	}
	ps := &problems{file: ch.File, sheet: ch.Sheet}
	suggester := c.Suggester()
	unknown := func(line int, path, kind, id string) {
		format := map[string]string{"student": "unknown student %q", "position": "unknown position %q", "enterprise": "unknown enterprise %q", "region": "unknown region %q"}[kind]
		ps.add(line, path, errorf(model.ErrUnknownRef, format, id))
		ps.list[len(ps.list)-1].Suggestions = suggester(kind, id)
	}
	if ch.readErr != nil {
		// Changes a reader returned with its error: every ID, of the
		// entries that read and of those that did not, with the
		// reader's problems, in the order of the file.
		for _, e := range append(slices.Clone(ch.Entries), ch.unread...) {
			path := func(field string) string { return field }
			switch {
			case e.Position != "":
				if _, ok := c.PositionIndex(e.Position); !ok {
					unknown(e.Line, path("position"), "position", e.Position)
				}
			case e.Enterprise != "":
				if _, ok := c.EnterpriseIndex(e.Enterprise); !ok {
					unknown(e.Line, path("enterprise"), "enterprise", e.Enterprise)
				}
			case e.Region != "":
				if _, ok := c.RegionIndex(e.Region); !ok {
					unknown(e.Line, path("region"), "region", e.Region)
				}
			default:
				for _, id := range e.Students {
					if _, ok := c.StudentIndex(id); !ok {
						unknown(e.Line, path("students"), "student", id)
					}
				}
			}
		}
		all := append(slices.Clone(ch.readErr.Problems), ps.list...)
		slices.SortStableFunc(all, func(a, b *model.Problem) int { return a.Line - b.Line })
		return nil, &ChangeError{File: ch.readErr.File, Problems: all}
	}
	d := c.Data()
	withdrawnPos := map[int]int{} // position index -> entry that withdrew it
	withdrawnStu := map[int]int{} // student index -> entry that withdrew it
	for i, e := range ch.Entries {
		// Entries built through the API get the reader's checks.
		checkEntry(e, func(field string, sentinel error, format string, args ...any) {
			ps.add(e.Line, ch.fieldPath(i, field), errorf(sentinel, format, args...))
		})
	}
	if err := ps.err(); err != nil {
		return nil, err
	}
	for i, e := range ch.Entries {
		bad := func(field string, sentinel error, format string, args ...any) {
			ps.add(e.Line, ch.fieldPath(i, field), errorf(sentinel, format, args...))
		}
		switch {
		case e.Position != "":
			p, ok := c.PositionIndex(e.Position)
			if !ok {
				unknown(e.Line, ch.fieldPath(i, "position"), "position", e.Position)
				continue
			}
			if k, gone := withdrawnPos[p]; gone {
				bad("position", model.ErrInvalidValue, "position %q was withdrawn by %s", e.Position, ch.entryName(k))
				continue
			}
			pos := &d.Positions[p]
			if e.Withdraw {
				withdrawnPos[p] = i
				pos.Capacity, pos.Reserved, pos.MinFill, pos.Target = 0, nil, 0, 0
				continue
			}
			if e.Seats != nil {
				if pos.Capacity+*e.Seats < 0 {
					bad("seats", model.ErrCapacity, "removes %d seats from position %q, which has %d", -*e.Seats, e.Position, pos.Capacity)
				} else if pos.Capacity+*e.Seats > model.MaxCapacity {
					bad("seats", model.ErrInvalidValue, "position %q would have %d seats, more than %d", e.Position, pos.Capacity+*e.Seats, model.MaxCapacity)
				} else {
					pos.Capacity += *e.Seats
				}
			}
			if e.Capacity != nil {
				pos.Capacity = *e.Capacity
			}
			if e.MinFill != nil {
				pos.MinFill = *e.MinFill
			}
			if e.Target != nil {
				pos.Target = *e.Target
			}
			if e.Reserved != nil {
				pos.Reserved = slices.Clone(*e.Reserved)
			}
		case e.Enterprise != "":
			k, ok := c.EnterpriseIndex(e.Enterprise)
			if !ok {
				unknown(e.Line, ch.fieldPath(i, "enterprise"), "enterprise", e.Enterprise)
				continue
			}
			if e.Cap != nil {
				d.Enterprises[k].Cap = *e.Cap
			}
		case e.Region != "":
			k, ok := c.RegionIndex(e.Region)
			if !ok {
				unknown(e.Line, ch.fieldPath(i, "region"), "region", e.Region)
				continue
			}
			if e.Cap != nil {
				d.Regions[k].Cap = *e.Cap
			}
			if e.Floor != nil {
				d.Regions[k].Floor = *e.Floor
			}
		default:
			for j, id := range e.Students {
				field := fmt.Sprintf("students[%d]", j)
				s, ok := c.StudentIndex(id)
				if !ok {
					unknown(e.Line, ch.fieldPath(i, field), "student", id)
					continue
				}
				if k, gone := withdrawnStu[s]; gone && k != i {
					bad(field, model.ErrDuplicateChoice, "student %q was withdrawn by %s", id, ch.entryName(k))
					continue
				}
				withdrawnStu[s] = i
				st := &d.Students[s]
				st.Choices, st.SpecialPost = nil, false
			}
		}
	}
	if err := ps.err(); err != nil {
		return nil, err
	}
	if ch.Name != "" {
		if d.Name != "" {
			d.Name += ": "
		}
		d.Name += "what if " + ch.Name
	}
	changed, err := model.New(d, opts)
	if err != nil {
		what := "the changed cohort"
		if ch.File != "" {
			what += " (" + ch.File + ")"
		}
		return nil, fmt.Errorf("whatif: %s does not validate: %w", what, err)
	}
	return changed, nil
}

// Withdrawn returns the IDs of the students the changes withdraw, in the
// order of the entries. It does not check them against a cohort.
func (ch *Changes) Withdrawn() []string {
	var out []string
	for _, e := range ch.Entries {
		if e.Withdraw && len(e.Students) > 0 {
			out = append(out, e.Students...)
		}
	}
	return out
}

// fieldPath locates field of entry i in a problem: "changes[2].seats" in a
// JSON file, the column "seats" in a table (whose line says the entry).
func (ch *Changes) fieldPath(i int, field string) string {
	if ch.Table {
		return field
	}
	if field == "" {
		return fmt.Sprintf("changes[%d]", i)
	}
	return fmt.Sprintf("changes[%d].%s", i, field)
}

// entryName names entry k in a message: "changes[3]" in a JSON file, "the
// change on line 5" in a table ("row 5" in a workbook's sheet).
func (ch *Changes) entryName(k int) error {
	switch {
	case !ch.Table:
		return errorf(nil, "changes[%d]", k)
	case ch.Sheet != "":
		return errorf(nil, "the change on row %d", ch.Entries[k].Line)
	}
	return errorf(nil, "the change on line %d", ch.Entries[k].Line)
}
