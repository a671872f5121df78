package whatif

import (
	"testing"

	"github.com/placement-engine/placement/internal/cataloguetest"
)

// TestCatalogueUsed: every translation of the package's catalogue is
// used (its English key is a literal of the code outside the catalogue).
func TestCatalogueUsed(t *testing.T) {
	cataloguetest.Used(t, "changeCatalog", 20, nil)
}
