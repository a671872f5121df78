package model

// Incremental says whether c keeps what WithChoices needs to check only
// the students it changes.
func Incremental(c *Cohort) bool { return c.inc != nil }

// Spliced says whether c was made by WithChoices' incremental path (it
// shares its source's student records; the full validation does not).
func Spliced(c *Cohort) bool { return c.sharedStudents }
