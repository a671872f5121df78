package model

import "testing"

// TestStudentAccessors checks the index accessors of students against
// their records, and that reading them leaves the choices unspelled
// (Cohort.Students spells them; the mechanisms must not need it).
func TestStudentAccessors(t *testing.T) {
	d := Data{
		Regions:      []Region{{ID: "R1", Kind: County}, {ID: "R2", Kind: County}},
		Enterprises:  []Enterprise{{ID: "E1", Region: "R1"}},
		OrderClasses: []OrderClass{{ID: "O1", Enterprise: "E1"}},
		Positions: []Position{
			{ID: "P1", Enterprise: "E1", Capacity: 3},
			{ID: "P2", Enterprise: "E1", Capacity: 1, SpecialPost: true},
		},
		Students: []Student{
			{ID: "S1", Score: 71.5, SpecialPost: true, Region: "R1", Choices: []string{"P2"}},
			{ID: "S2", Score: 0, Region: "R2", OrderClass: "O1", Choices: []string{"P1"}},
			{ID: "S3", Score: 88},
		},
	}
	c, err := New(d, nil)
	if err != nil {
		t.Fatal(err)
	}
	cats := []Category{
		{Kind: SpecialPostCategory},
		{Kind: OrderClassCategory, ID: "O1"},
		{Kind: CountyCategory, ID: "R1"},
		{Kind: CountyCategory, ID: "R2"},
	}
	if got := c.NumStudents(); got != len(d.Students) {
		t.Fatalf("NumStudents() = %d, want %d", got, len(d.Students))
	}
	for s := range c.NumStudents() {
		st := &d.Students[s]
		if got := c.StudentScore(s); got != st.Score {
			t.Errorf("StudentScore(%d) = %v, want %v", s, got, st.Score)
		}
		if got := c.StudentSpecialPost(s); got != st.SpecialPost {
			t.Errorf("StudentSpecialPost(%d) = %v, want %v", s, got, st.SpecialPost)
		}
		for _, cat := range cats {
			if got, want := c.StudentInCategory(s, cat), cat.Includes(st); got != want {
				t.Errorf("StudentInCategory(%d, %v) = %v, want %v", s, cat, got, want)
			}
		}
	}
	for s, st := range c.data.Students {
		if st.Choices != nil {
			t.Errorf("student %d: choices spelled out by the accessors: %q", s, st.Choices)
		}
	}
	// The records answer the same once spelled.
	for s, st := range c.Students() {
		for _, cat := range cats {
			if got, want := c.StudentInCategory(s, cat), cat.Includes(&st); got != want {
				t.Errorf("after Students: StudentInCategory(%d, %v) = %v, want %v", s, cat, got, want)
			}
		}
	}
}
