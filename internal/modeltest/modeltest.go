// Package modeltest holds checks that the tests of package model and of
// its formats (model/xlsx) share.
package modeltest

import (
	"testing"

	"github.com/placement-engine/placement/model"
)

// CheckRejection fails t unless err is a *model.ValidationError listing at
// least one problem, each with a cause: what a loader must return for any
// input it does not accept.
func CheckRejection(t testing.TB, err error) {
	t.Helper()
	ve, ok := err.(*model.ValidationError)
	if !ok {
		t.Fatalf("error is %T, not *model.ValidationError: %v", err, err)
	}
	if len(ve.Problems) == 0 {
		t.Fatalf("rejection with no problem listed")
	}
	for _, p := range ve.Problems {
		if p.Err == nil || p.Error() == "" {
			t.Fatalf("problem without a cause: %#v", p)
		}
	}
}
