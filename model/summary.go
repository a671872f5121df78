package model

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// Summary counts what a cohort holds: a planner's first look at the year's
// data. Its lists follow the cohort's input order.
type Summary struct {
	Name                                   string
	Students, Positions, Enterprises       int
	Regions, Schools, Majors, OrderClasses int

	Seats         int64 // total capacity of every position
	Choices       int64 // total length of every list
	ReservedSeats int64 // seats held for a category, all positions

	SpecialPostStudents int
	SpecialPosts        int   // positions that are special posts
	SpecialPostSeats    int64 // their capacity
	OrderClassMembers   int
	Warnings            int

	BySchool []SchoolCount
	ByRegion []RegionCount
	ByMajor  []MajorCount
}

// SchoolCount is one school's line of a [Summary].
type SchoolCount struct {
	ID, Name string
	Level    Level
	Students int
}

// RegionCount is one region's line of a [Summary].
type RegionCount struct {
	ID, Name            string
	Kind                RegionKind
	Students            int   // students whose home region it is
	Positions           int   // positions located there
	Seats               int64 // their capacity
	SpecialPostStudents int
	SpecialPostSeats    int64
	Cap, Floor          int
}

// MajorCount is one major's line of a [Summary].
type MajorCount struct {
	ID, Name  string
	Students  int
	Positions int   // positions that accept the major (including those accepting every major)
	Seats     int64 // their capacity
}

// Summarize counts c. It runs in time linear in the cohort's size.
func Summarize(c *Cohort) Summary {
	d := &c.data
	s := Summary{
		Name: d.Name, Students: len(d.Students), Positions: len(d.Positions),
		Enterprises: len(d.Enterprises), Regions: len(d.Regions), Schools: len(d.Schools),
		Majors: len(d.Majors), OrderClasses: len(d.OrderClasses), Warnings: len(c.warnings),
		Choices: int64(len(c.choices)),
	}
	s.BySchool = make([]SchoolCount, len(d.Schools))
	for i, sc := range d.Schools {
		s.BySchool[i] = SchoolCount{ID: sc.ID, Name: sc.Name, Level: sc.Level}
	}
	s.ByRegion = make([]RegionCount, len(d.Regions))
	for i, r := range d.Regions {
		s.ByRegion[i] = RegionCount{ID: r.ID, Name: r.Name, Kind: r.Kind, Cap: r.Cap, Floor: r.Floor}
	}
	s.ByMajor = make([]MajorCount, len(d.Majors))
	for i, m := range d.Majors {
		s.ByMajor[i] = MajorCount{ID: m.ID, Name: m.Name}
	}
	var openSeats int64 // seats of positions accepting every major
	openPositions := 0
	for p := range d.Positions {
		pos := &d.Positions[p]
		seats := int64(pos.Capacity)
		s.Seats += seats
		for _, r := range pos.Reserved {
			s.ReservedSeats += int64(r.Seats)
		}
		if pos.SpecialPost {
			s.SpecialPosts++
			s.SpecialPostSeats += seats
		}
		if r := c.posRegion[p]; r >= 0 {
			s.ByRegion[r].Positions++
			s.ByRegion[r].Seats += seats
			if pos.SpecialPost {
				s.ByRegion[r].SpecialPostSeats += seats
			}
		}
		if c.posMajors[p] == nil {
			openSeats += seats
			openPositions++
		}
		for _, m := range c.posMajors[p] {
			s.ByMajor[m].Positions++
			s.ByMajor[m].Seats += seats
		}
	}
	for m := range s.ByMajor {
		s.ByMajor[m].Positions += openPositions
		s.ByMajor[m].Seats += openSeats
	}
	for i := range d.Students {
		st := &d.Students[i]
		if st.SpecialPost {
			s.SpecialPostStudents++
		}
		if c.stuOrder[i] >= 0 {
			s.OrderClassMembers++
		}
		if x := c.stuSchool[i]; x >= 0 {
			s.BySchool[x].Students++
		}
		if x := c.stuMajor[i]; x >= 0 {
			s.ByMajor[x].Students++
		}
		if x := c.stuRegion[i]; x >= 0 {
			s.ByRegion[x].Students++
			if st.SpecialPost {
				s.ByRegion[x].SpecialPostStudents++
			}
		}
	}
	return s
}

// WriteText writes the summary as aligned plain-text tables.
func (s *Summary) WriteText(w io.Writer) error {
	mean := 0.0
	if s.Students > 0 {
		mean = float64(s.Choices) / float64(s.Students)
	}
	line := func(label string, n any, note string) {
		if note != "" {
			note = "  " + note
		}
		fmt.Fprintf(w, "%-22s %8v%s\n", label, n, note)
	}
	fmt.Fprintf(w, "cohort %q\n", s.Name)
	line("students", s.Students, fmt.Sprintf("%.1f choices each on average", mean))
	line("positions", s.Positions, fmt.Sprintf("%d seats, %d reserved", s.Seats, s.ReservedSeats))
	line("enterprises", s.Enterprises, "")
	line("special-post students", s.SpecialPostStudents, "")
	line("special posts", s.SpecialPosts, fmt.Sprintf("%d seats", s.SpecialPostSeats))
	line("order classes", s.OrderClasses, fmt.Sprintf("%d members", s.OrderClassMembers))
	_, err := fmt.Fprintf(w, "%-22s %8v\n", "warnings", s.Warnings)
	if err != nil {
		return err
	}
	if len(s.BySchool) > 0 {
		err := table(w, "by school", "id\tlevel\tstudents\tname", len(s.BySchool), func(i int) string {
			x := s.BySchool[i]
			return fmt.Sprintf("%s\t%s\t%d\t%s", x.ID, x.Level, x.Students, x.Name)
		})
		if err != nil {
			return err
		}
	}
	if len(s.ByRegion) > 0 {
		err := table(w, "by region", "id\tkind\tstudents\tpositions\tseats\tspecial-post students\tspecial-post seats\tcap\tfloor\tname", len(s.ByRegion), func(i int) string {
			x := s.ByRegion[i]
			return fmt.Sprintf("%s\t%s\t%d\t%d\t%d\t%d\t%d\t%s\t%s\t%s", x.ID, x.Kind, x.Students, x.Positions, x.Seats,
				x.SpecialPostStudents, x.SpecialPostSeats, dash(x.Cap), dash(x.Floor), x.Name)
		})
		if err != nil {
			return err
		}
	}
	if len(s.ByMajor) > 0 {
		return table(w, "by major", "id\tstudents\tpositions\tseats\tname", len(s.ByMajor), func(i int) string {
			x := s.ByMajor[i]
			return fmt.Sprintf("%s\t%d\t%d\t%d\t%s", x.ID, x.Students, x.Positions, x.Seats, x.Name)
		})
	}
	return nil
}

// table writes a titled table of n rows with tab-separated cells, aligned.
func table(w io.Writer, title, header string, n int, row func(int) string) error {
	fmt.Fprintf(w, "\n%s\n", title)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, header)
	for i := range n {
		fmt.Fprintln(tw, row(i))
	}
	return tw.Flush()
}

func dash(n int) string {
	if n == 0 {
		return "-"
	}
	return itoa(n)
}
