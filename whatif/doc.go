// Package whatif answers a planner's "what if": a change file describing a
// scenario (seats added or removed, a quota changed, positions or students
// withdrawn) is applied to a cohort ([ReadChanges], [Apply]), both cohorts
// are solved with the same mechanism and lottery, and [Compare] says what
// changed for whom: who moved from which position and rank to which, who
// gained or lost a place, who withdrew, and which positions' fill changed.
//
// A diff is written as JSON ([Diff.WriteJSON]), as CSV (the students who
// moved or withdrew, [Diff.WriteCSV]) or as the tables of a workbook
// ([Diff.Tables]), with names beside the IDs.
//
// It sits beside model and matching and imports both; neither imports it.
//
// # The change file
//
// One JSON object, format "placement-changes/1", with a name and a list of
// changes applied in order:
//
//	{
//	  "format": "placement-changes/1",
//	  "name": "ten more seats at E003, a bigger out-of-province cap",
//	  "changes": [
//	    {"position": "P00012", "seats": 10},
//	    {"position": "P00013", "capacity": 2},
//	    {"position": "P00014", "min_fill": 1, "target": 3,
//	     "reserved": [{"category": "county:C01", "seats": 2, "unused": "open"}]},
//	    {"position": "P00015", "withdraw": true},
//	    {"enterprise": "E003", "cap": 40},
//	    {"region": "OUT", "cap": 300, "floor": 0},
//	    {"students": ["S0000001", "S0000002"], "withdraw": true}
//	  ]
//	}
//
// Each change names one target. A position may get "seats" (added, or
// removed when negative) or "capacity" (the new number), "min_fill",
// "target" and "reserved" (the new list, replacing the old; [] removes
// every reserve), or "withdraw": true alone. An enterprise may get "cap", a
// region "cap" and "floor" (0: none). "students" lists IDs to withdraw,
// with "withdraw": true. "format" may be left out; "name" is optional.
//
// The same changes may be written as a table, one row a change, in a CSV
// file ([ReadChangesCSV]) or a sheet of a workbook ([ReadChangesTable]):
// the columns are the entry's fields (position, enterprise, region,
// students, withdraw, seats, capacity, min_fill, target, reserved, cap,
// floor), with lists in a cell separated by ";" (or ；，、), numbers with
// ASCII or full-width digits, and CSV in UTF-8, UTF-16 or GBK, as a
// cohort's tables are read (see [ReadChangesCSV]).
//
// Reading is strict about the changes: unknown fields of an entry,
// duplicate fields, values of the wrong type or out of range, changes that
// change nothing or name two targets are errors. A column of a table, or a
// member of the file's object, that the reader does not know (a planner's
// remarks, "备注") is not: it is ignored with a warning in
// [Changes.Warnings], as a cohort's unknown columns are. Every problem is
// reported at once, each with the file, the line and path of the entry and
// the field ("changes.json:7: changes[2].seats: want a whole number, got
// text"), in a *[ChangeError] whose problems are *model.Problem values
// wrapping model's sentinels (model.ErrSyntax, model.ErrUnknownRef, ...).
// [Apply] reports unknown IDs the same way, each with what it was probably
// meant to be (model's hints: "did you mean P00043?"), then validates the
// changed cohort with model.New. A reader whose only problems are in the
// entries returns the entries that read along with its error: given them,
// Apply reports the reader's problems and every unknown ID of the file
// together, so that a planner fixes a file in one round.
// [ChangeError.Text] and [ProblemText] word the problems in Chinese; the
// package reads no environment: the caller says the language.
//
// # Withdrawals and the lottery
//
// Ties in score are broken by a lottery drawn from the seed over student
// indices (and, under matching.MultipleTieBreak, position indices). Taking
// a student out of the cohort would shift the indices after it and redraw
// everybody's lottery, so that a withdrawal could reorder students it has
// nothing to do with. Apply therefore keeps withdrawn students and
// positions at their indices, with no choices (students) or no seats
// (positions): compiled with the same seed, the changed cohort gives every
// remaining student the same draw and the same relative priority at every
// position, and the only difference between the two instances is what the
// scenario changed. Results of the changed cohort list withdrawn students as
// unplaced with reason "empty list"; [Compare] reports them as withdrawn.
//
// # What a withdrawal can change
//
// For the stable mechanisms, theory limits what a withdrawal may do (the
// tests check each statement on thousands of small random cohorts with
// reserves, caps, special posts and order classes, and on the group
// preset). Positions' choice functions here (reserved seats with
// slot-specific priorities, enterprise and regional caps with flexible
// targets) are substitutable and satisfy the law of aggregate demand, so:
//
//   - when students withdraw, every remaining student is weakly better off,
//     in the student-optimal stable matching (student-da) and in the
//     position-optimal one (position-da);
//   - when every withdrawn student was unplaced in the student-optimal
//     stable matching, they were unplaced in every stable matching (the
//     rural hospitals theorem), the same students are placed before and
//     after in both mechanisms, every position under no cap keeps its
//     number of students, and so does every group of positions under
//     caps (the theorem speaks of the whole tree of caps, not of each
//     position in it); students may still move, each to a position they
//     like at least as much: removing an unplaced student can undo a
//     rejection chain that their proposals started;
//   - seats added at a position with no reserves and under no cap make
//     every student weakly better off in both mechanisms, seats removed
//     there (or the position withdrawn) weakly worse off. Under a cap a
//     change of capacity moves the default targets of the other positions
//     under it, and can hurt someone.
//
// The optimal allocation has no such monotonicity: a withdrawal can move
// others up or down, and Compare shows who.
package whatif
