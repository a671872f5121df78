package synth_test

import (
	"fmt"

	"github.com/placement-engine/placement/model/synth"
)

func ExampleGroup() {
	c, err := synth.Generate(synth.Group(1, 2026))
	if err != nil {
		fmt.Println(err)
		return
	}
	sp := 0
	for _, s := range c.Students() {
		if s.SpecialPost {
			sp++
		}
	}
	fmt.Println(c.Name())
	fmt.Println(len(c.Students()), "students,", len(c.Schools()), "schools,", len(c.Regions()), "regions")
	fmt.Println(sp > 150 && sp < 250, "about 190 special-post students")
	// Output:
	// group 2026 (synthetic, scale 1, seed 2026)
	// 5000 students, 14 schools, 10 regions
	// true about 190 special-post students
}

func ExampleGenerate() {
	c, err := synth.Generate(synth.Config{Seed: 1, Students: 2000, Positions: 200, MinChoices: 20, MaxChoices: 20})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(c.Students()), len(c.Positions()), len(c.Choices(0)), len(c.Warnings()))
	// Output: 2000 200 20 0
}
