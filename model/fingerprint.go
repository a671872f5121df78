package model

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"strconv"
	"sync"
)

// fingerprint is a cohort's Fingerprint, computed once.
type fingerprint struct {
	once sync.Once
	v    string
}

// Fingerprint returns a digest of the cohort's content, to tell whether a
// result was computed on this cohort or on another version of it: 24
// hexadecimal digits, the first 96 bits of a SHA-256.
//
// The content is the cohort in its canonical form, the tables of the CSV
// format with their known columns ([Tables]): every record of every kind,
// in order, each field spelled as the CSV writer spells it. The same
// cohort read from JSON, a CSV folder or a workbook has the same
// fingerprint; a change to any record (an ID, a name, a score, a seat, the
// order of the choices or of the records) changes it. Columns the model
// does not know (a planner's notes), warnings and the name of the file do
// not count. It does not depend on GOMAXPROCS.
//
// It takes time linear in the cohort's size (under a second for a million
// students) on the first call, and none after; it is safe for concurrent
// use.
func (c *Cohort) Fingerprint() string {
	c.fp.once.Do(func() { c.fp.v = c.computeFingerprint() })
	return c.fp.v
}

func (c *Cohort) computeFingerprint() string {
	h := sha256.New()
	d := &c.data
	cr := cohortRecord{Name: d.Name, SpecialPostAnyCounty: d.Policy.SpecialPostAnyCounty}
	hashTable(h, "cohort", cohortColumns, 1, func(int) cohortRecord { return cr })
	hashTable(h, "regions", regionColumns, len(d.Regions), func(i int) regionRecord { return regionFrom(&d.Regions[i]) })
	hashTable(h, "schools", schoolColumns, len(d.Schools), func(i int) schoolRecord { return schoolFrom(&d.Schools[i]) })
	hashTable(h, "majors", majorColumns, len(d.Majors), func(i int) majorRecord { return majorFrom(&d.Majors[i]) })
	hashTable(h, "enterprises", enterpriseColumns, len(d.Enterprises), func(i int) enterpriseRecord { return enterpriseFrom(&d.Enterprises[i]) })
	hashTable(h, "order_classes", orderClassColumns, len(d.OrderClasses), func(i int) orderClassRecord { return orderClassFrom(&d.OrderClasses[i]) })
	hashTable(h, "positions", positionColumns, len(d.Positions), func(i int) positionRecord { return positionFrom(&d.Positions[i]) })
	c.hashStudents(h)
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// hashStudents writes the students table as hashTable would, field by
// field without spelling a record (a million students are most of the
// work): the same bytes.
func (c *Cohort) hashStudents(h hash.Hash) {
	d := &c.data
	var b []byte
	text := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	text("students")
	b = binary.AppendUvarint(b, uint64(len(studentColumns)))
	for _, col := range studentColumns {
		text(col.name)
	}
	b = binary.AppendUvarint(b, uint64(len(d.Students)))
	var num []byte
	for i := range d.Students {
		s := &d.Students[i]
		text(s.ID)
		text(s.Name)
		text(s.School)
		text(s.Major)
		text(s.Level.String())
		text(s.Region)
		num = num[:0]
		if s.Score != 0 {
			num = strconv.AppendFloat(num, s.Score, 'g', -1, 64)
		}
		b = binary.AppendUvarint(b, uint64(len(num)))
		b = append(b, num...)
		text(formatBool(s.SpecialPost))
		text(s.OrderClass)
		// The choices, joined with ";" as the CSV file spells them.
		ps := c.Choices(i)
		n := max(len(ps)-1, 0)
		for _, p := range ps {
			n += len(d.Positions[p].ID)
		}
		b = binary.AppendUvarint(b, uint64(n))
		for k, p := range ps {
			if k > 0 {
				b = append(b, ';')
			}
			b = append(b, d.Positions[p].ID...)
		}
		if len(b) >= 1<<16 {
			h.Write(b)
			b = b[:0]
		}
	}
	h.Write(b)
}

// hashTable writes a table to h: its name, its columns and its rows, each
// text preceded by its length, so that no two tables write the same bytes.
func hashTable[R any](h hash.Hash, name string, cols []column[R], n int, rec func(int) R) {
	var b []byte
	text := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	text(name)
	b = binary.AppendUvarint(b, uint64(len(cols)))
	for _, col := range cols {
		text(col.name)
	}
	b = binary.AppendUvarint(b, uint64(n))
	for i := range n {
		r := rec(i)
		for _, col := range cols {
			text(col.get(&r))
		}
		if len(b) >= 1<<16 {
			h.Write(b)
			b = b[:0]
		}
	}
	h.Write(b)
}
