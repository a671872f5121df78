package matching

import (
	"strconv"

	"github.com/placement-engine/placement/model"
)

// The columns of a result table (the CSV result, the sheets of a result
// workbook): a planner reads a placement by its names, a program by its
// IDs. The ID columns "student", "position" and "rank" are what readers
// key on; the others describe the student and the position in words and
// are ignored on reading, so that a file edited or written without them
// reads the same.

// StudentColumns returns the columns that describe a student: "student"
// (the ID), "student_name", "school" (ID), "school_name", "major" (its
// name, or its ID when it has none), "level" ("secondary", "higher" or
// empty) and "home_region" (its name, or ID).
func StudentColumns() []string {
	return []string{"student", "student_name", "school", "school_name", "major", "level", "home_region"}
}

// PositionColumns returns the columns that describe a position: "position"
// (the ID), "position_name", "enterprise" (ID), "enterprise_name" and
// "position_region" (the name, or ID, of the region where the work
// happens: the position's own, else its enterprise's).
func PositionColumns() []string {
	return []string{"position", "position_name", "enterprise", "enterprise_name", "position_region"}
}

// StudentCells returns the cells of [StudentColumns] for student s of c.
func StudentCells(c *model.Cohort, s int) []string {
	st := &c.Students()[s]
	school, schoolName := "", ""
	if i := c.StudentSchool(s); i >= 0 {
		sc := &c.Schools()[i]
		school, schoolName = sc.ID, sc.Name
	}
	major := ""
	if i := c.StudentMajor(s); i >= 0 {
		m := &c.Majors()[i]
		major = nameOr(m.Name, m.ID)
	}
	return []string{st.ID, st.Name, school, schoolName, major, st.Level.String(), regionText(c, c.StudentRegion(s))}
}

// PositionCells returns the cells of [PositionColumns] for position p of
// c; all empty when p < 0 (an unplaced student).
func PositionCells(c *model.Cohort, p int) []string {
	if p < 0 {
		return make([]string, len(PositionColumns()))
	}
	ps := &c.Positions()[p]
	ent, entName := "", ""
	if i := c.PositionEnterprise(p); i >= 0 {
		e := &c.Enterprises()[i]
		ent, entName = e.ID, e.Name
	}
	return []string{ps.ID, ps.Name, ent, entName, regionText(c, c.PositionRegion(p))}
}

func regionText(c *model.Cohort, r int) string {
	if r < 0 {
		return ""
	}
	reg := &c.Regions()[r]
	return nameOr(reg.Name, reg.ID)
}

func nameOr(name, id string) string {
	if name != "" {
		return name
	}
	return id
}

// resultCSVHeader is the header of [WriteResultCSV].
func resultCSVHeader() []string {
	h := StudentColumns()
	h = append(h, PositionColumns()...)
	return append(h, "rank", "reason")
}

// resultCSVRow is the row of student s in [WriteResultCSV].
func resultCSVRow(r *Result, s int) []string {
	c := r.inst.cohort
	row := StudentCells(c, s)
	p := r.pos[s]
	row = append(row, PositionCells(c, int(p))...)
	if p >= 0 {
		return append(row, strconv.Itoa(int(r.rank[s])), "")
	}
	return append(row, "", r.Reason(s).String())
}
