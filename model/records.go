package model

// The file records: one struct per entity, shared by the JSON and CSV
// formats, with the fields as the files spell them. Enumerations are text,
// references are interned.

type studentRecord struct {
	ID          string     `json:"id"`
	Name        string     `json:"name,omitzero"`
	School      ref        `json:"school,omitzero"`
	Major       ref        `json:"major,omitzero"`
	Level       string     `json:"level,omitzero"`
	Region      ref        `json:"region,omitzero"`
	Score       float64    `json:"score,omitzero"`
	SpecialPost bool       `json:"special_post,omitzero"`
	OrderClass  ref        `json:"order_class,omitzero"`
	Choices     choiceList `json:"choices"`
}

type positionRecord struct {
	ID          string          `json:"id"`
	Name        string          `json:"name,omitzero"`
	Enterprise  ref             `json:"enterprise,omitzero"`
	Region      ref             `json:"region,omitzero"`
	Capacity    int             `json:"capacity"`
	Majors      refList         `json:"majors,omitempty"`
	MinScore    float64         `json:"min_score,omitzero"`
	SpecialPost bool            `json:"special_post,omitzero"`
	Reserved    []reserveRecord `json:"reserved,omitempty"`
	MinFill     int             `json:"min_fill,omitzero"`
	Target      int             `json:"target,omitzero"`
	Ranking     refList         `json:"ranking,omitzero"`
}

type reserveRecord struct {
	Category string `json:"category"`
	Seats    int    `json:"seats"`
	Unused   string `json:"unused,omitzero"`
}

type enterpriseRecord struct {
	ID     string `json:"id"`
	Name   string `json:"name,omitzero"`
	Region ref    `json:"region,omitzero"`
	Cap    int    `json:"cap,omitzero"`
}

type regionRecord struct {
	ID    string `json:"id"`
	Name  string `json:"name,omitzero"`
	Kind  string `json:"kind,omitzero"`
	Cap   int    `json:"cap,omitzero"`
	Floor int    `json:"floor,omitzero"`
}

type schoolRecord struct {
	ID     string `json:"id"`
	Name   string `json:"name,omitzero"`
	Level  string `json:"level,omitzero"`
	Region ref    `json:"region,omitzero"`
}

type majorRecord struct {
	ID   string `json:"id"`
	Name string `json:"name,omitzero"`
}

type orderClassRecord struct {
	ID         string `json:"id"`
	Name       string `json:"name,omitzero"`
	Enterprise ref    `json:"enterprise,omitzero"`
}

type policyRecord struct {
	SpecialPostAnyCounty bool `json:"special_post_any_county,omitzero"`
}

// ref is a reference to another record's ID; loaders intern its text.
type ref string

// refList is a list of references; loaders intern its texts.
type refList []string

// choiceList is a student's list of choices: a refList that the loaders
// also resolve against the positions as they read it (when the positions
// come first), so that validation looks none of them up again.
type choiceList []string

// fieldError is a problem with one field of a record, found while
// converting it.
type fieldError struct {
	field string
	sub   int // element of a list field, or -1
	err   error
}

func (s *studentRecord) model() (Student, []fieldError) {
	var errs []fieldError
	lv, err := ParseLevel(s.Level)
	if err != nil {
		errs = append(errs, fieldError{"level", -1, err})
	}
	return Student{
		ID: s.ID, Name: s.Name, School: string(s.School), Major: string(s.Major), Level: lv,
		Region: string(s.Region), Score: s.Score, SpecialPost: s.SpecialPost,
		OrderClass: string(s.OrderClass), Choices: nilIfEmpty(s.Choices),
	}, errs
}

func studentFrom(s *Student) studentRecord {
	return studentRecord{
		ID: s.ID, Name: s.Name, School: ref(s.School), Major: ref(s.Major), Level: s.Level.String(),
		Region: ref(s.Region), Score: s.Score, SpecialPost: s.SpecialPost,
		OrderClass: ref(s.OrderClass), Choices: choiceList(s.Choices),
	}
}

func (p *positionRecord) model() (Position, []fieldError) {
	var errs []fieldError
	var res []Reserve
	for k, r := range p.Reserved {
		cat, err := ParseCategory(r.Category)
		if err != nil {
			errs = append(errs, fieldError{"reserved", k, err})
		}
		un, err := ParseUnused(r.Unused)
		if err != nil {
			errs = append(errs, fieldError{"reserved", k, err})
		}
		res = append(res, Reserve{Category: cat, Seats: r.Seats, Unused: un})
	}
	return Position{
		ID: p.ID, Name: p.Name, Enterprise: string(p.Enterprise), Region: string(p.Region),
		Capacity: p.Capacity, Majors: nilIfEmpty(p.Majors), MinScore: p.MinScore,
		SpecialPost: p.SpecialPost, Reserved: res, MinFill: p.MinFill, Target: p.Target, Ranking: p.Ranking,
	}, errs
}

func positionFrom(p *Position) positionRecord {
	var res []reserveRecord
	for _, r := range p.Reserved {
		rr := reserveRecord{Category: r.Category.String(), Seats: r.Seats}
		if r.Unused != RevertToOpen {
			rr.Unused = r.Unused.String()
		}
		res = append(res, rr)
	}
	return positionRecord{
		ID: p.ID, Name: p.Name, Enterprise: ref(p.Enterprise), Region: ref(p.Region),
		Capacity: p.Capacity, Majors: refList(p.Majors), MinScore: p.MinScore,
		SpecialPost: p.SpecialPost, Reserved: res, MinFill: p.MinFill, Target: p.Target, Ranking: refList(p.Ranking),
	}
}

func (e *enterpriseRecord) model() (Enterprise, []fieldError) {
	return Enterprise{ID: e.ID, Name: e.Name, Region: string(e.Region), Cap: e.Cap}, nil
}

func enterpriseFrom(e *Enterprise) enterpriseRecord {
	return enterpriseRecord{ID: e.ID, Name: e.Name, Region: ref(e.Region), Cap: e.Cap}
}

func (r *regionRecord) model() (Region, []fieldError) {
	var errs []fieldError
	k, err := ParseRegionKind(r.Kind)
	if err != nil {
		errs = append(errs, fieldError{"kind", -1, err})
	}
	return Region{ID: r.ID, Name: r.Name, Kind: k, Cap: r.Cap, Floor: r.Floor}, errs
}

func regionFrom(r *Region) regionRecord {
	return regionRecord{ID: r.ID, Name: r.Name, Kind: r.Kind.String(), Cap: r.Cap, Floor: r.Floor}
}

func (s *schoolRecord) model() (School, []fieldError) {
	var errs []fieldError
	lv, err := ParseLevel(s.Level)
	if err != nil {
		errs = append(errs, fieldError{"level", -1, err})
	}
	return School{ID: s.ID, Name: s.Name, Level: lv, Region: string(s.Region)}, errs
}

func schoolFrom(s *School) schoolRecord {
	return schoolRecord{ID: s.ID, Name: s.Name, Level: s.Level.String(), Region: ref(s.Region)}
}

func (m *majorRecord) model() (Major, []fieldError) { return Major{ID: m.ID, Name: m.Name}, nil }

func majorFrom(m *Major) majorRecord { return majorRecord{ID: m.ID, Name: m.Name} }

func (o *orderClassRecord) model() (OrderClass, []fieldError) {
	return OrderClass{ID: o.ID, Name: o.Name, Enterprise: string(o.Enterprise)}, nil
}

func orderClassFrom(o *OrderClass) orderClassRecord {
	return orderClassRecord{ID: o.ID, Name: o.Name, Enterprise: ref(o.Enterprise)}
}

func nilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}
