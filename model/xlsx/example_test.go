package xlsx_test

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/model/xlsx"
)

// A cohort written as an Excel workbook and read back; a bad cell is
// named by workbook, sheet, row and column.
func ExampleRead() {
	c, err := model.New(model.Data{
		Positions: []model.Position{{ID: "P1", Name: "装配实习", Capacity: 2}},
		Students:  []model.Student{{ID: "S1", Name: "张伟", Score: 81.5, Choices: []string{"P1"}}},
	}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	var b bytes.Buffer
	if err := xlsx.Write(&b, c); err != nil {
		fmt.Println(err)
		return
	}
	c2, err := xlsx.Read(&b, "spring.xlsx", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c2.Students()[0].Name, c2.Students()[0].Score, c2.Positions()[0].Capacity)

	_, err = xlsx.Read(strings.NewReader("id,choices\n"), "spring.xlsx", nil)
	fmt.Println(err)
	// Output:
	// 张伟 81.5 2
	// model: cohort rejected: 1 error
	// 	spring.xlsx: not an Excel workbook (.xlsx): zip: not a valid zip file
}
