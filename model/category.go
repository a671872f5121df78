package model

import "strings"

// CategoryKind is the kind of students a reserved seat is held for.
type CategoryKind uint8

const (
	// SpecialPostCategory holds seats for special-post students.
	SpecialPostCategory CategoryKind = iota + 1
	// OrderClassCategory holds seats for the members of one order class.
	OrderClassCategory
	// CountyCategory holds seats for students whose home region is one
	// county.
	CountyCategory
)

// Category names who a reserved seat is for. Its text form, used by the
// file formats, is "special-post", "order-class:ID" or "county:ID".
type Category struct {
	Kind CategoryKind
	// ID is the order class ID for OrderClassCategory, the region ID for
	// CountyCategory, and empty for SpecialPostCategory.
	ID string
}

// String returns the category's text form.
func (c Category) String() string {
	switch c.Kind {
	case SpecialPostCategory:
		return "special-post"
	case OrderClassCategory:
		return "order-class:" + c.ID
	case CountyCategory:
		return "county:" + c.ID
	}
	return "category(" + itoa(int(c.Kind)) + ")"
}

// ParseCategory parses the text form written by [Category.String].
func ParseCategory(s string) (Category, error) {
	kind, id, _ := strings.Cut(s, ":")
	switch kind {
	case "special-post":
		if id == "" && !strings.Contains(s, ":") {
			return Category{Kind: SpecialPostCategory}, nil
		}
	case "order-class":
		if id != "" {
			return Category{Kind: OrderClassCategory, ID: id}, nil
		}
	case "county":
		if id != "" {
			return Category{Kind: CountyCategory, ID: id}, nil
		}
	}
	return Category{}, errorf(ErrInvalidValue, "unknown seat category %q (want special-post, order-class:ID or county:ID)", s)
}

// Includes reports whether student s belongs to the category. It reads only
// the student's fields; it does not check that the IDs exist.
func (c Category) Includes(s *Student) bool {
	switch c.Kind {
	case SpecialPostCategory:
		return s.SpecialPost
	case OrderClassCategory:
		return s.OrderClass != "" && s.OrderClass == c.ID
	case CountyCategory:
		return s.Region != "" && s.Region == c.ID
	}
	return false
}
