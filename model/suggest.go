package model

// Suggester returns a function that says what value, an unknown reference
// to a record of kind ("student", "position", "enterprise", "region",
// "school", "major" or "order class"), was probably meant to be: the
// record whose name it is, or the nearest IDs, as validation suggests
// them for a cohort's own unknown references (see [Problem.Suggestions]).
// It returns nil for an unknown kind or when nothing is close. The
// function computes each distinct value once; it is not safe for
// concurrent use.
func (c *Cohort) Suggester() func(kind, value string) []Suggestion {
	h := newHinter(c)
	return func(kind, value string) []Suggestion {
		for ent, name := range entityNames {
			if name == kind {
				return h.suggest(entity(ent), value)
			}
		}
		return nil
	}
}
