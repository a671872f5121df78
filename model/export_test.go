package model

// Incremental says whether c keeps what WithChoices needs to check only
// the students it changes.
func Incremental(c *Cohort) bool { return c.inc != nil }
