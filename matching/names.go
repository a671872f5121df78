package matching

import (
	"fmt"
	"strings"
)

// UnknownNameError is the error of ParseMechanism, ParseObjective,
// ParseTieBreak and ParseReserveOrder given a name they do not know: Kind
// is "mechanism", "objective", "tie-break" or "reserve order", Want the
// names they know, for a caller to word in its language.
type UnknownNameError struct {
	Kind, Value string
	Want        []string
}

func (e *UnknownNameError) Error() string {
	want := strings.Join(e.Want[:len(e.Want)-1], ", ") + " or " + e.Want[len(e.Want)-1]
	return fmt.Sprintf("matching: unknown %s %q (want %s)", e.Kind, e.Value, want)
}
