package whatif

import (
	"fmt"
	"strings"

	"github.com/placement-engine/placement/matching"
)

// Note is one reason of a move ([Move.Notes]) or one change at a position
// ([FillChange.Notes]) in words. Format is an English fmt format and Args
// its arguments: a caller that words the diff in another language looks
// Format up in a message catalogue of its own (the command does), and
// translates the arguments of type [Word]. Refusal, when not nil, is the
// refusal the note words (Format's arguments are then the position's ID,
// the refusal's kind and its detail), for a caller that words refusals
// itself.
type Note struct {
	Format  string
	Args    []any
	Refusal *matching.Refusal
}

// Word is an argument of a [Note] that is a word rather than a name or a
// number ("none"): a caller translating the note translates it too.
type Word string

// String returns the note in English.
func (n Note) String() string { return fmt.Sprintf(n.Format, n.Args...) }

// note is a Note of format with args.
func note(format string, args ...any) Note { return Note{Format: format, Args: args} }

// joinNotes writes notes in English, "; " between them.
func joinNotes(ns []Note) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = n.String()
	}
	return strings.Join(parts, "; ")
}
