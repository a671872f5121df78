package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// Season is one placement season: a year's cohort, its runs and rounds.
type Season struct {
	ID        int64     // assigned by CreateSeason
	Name      string    // unique, shown to the planner
	Year      int       // the season's year, e.g. 2026
	CreatedBy string    // the user who created it
	Created   time.Time // set by CreateSeason
}

// CreateSeason stores a new season and returns it with its ID and
// Created time; ID and Created in the argument are ignored. An empty name
// is refused; a name already used gives ErrExists.
func (s *Store) CreateSeason(ctx context.Context, season Season) (Season, error) {
	season.Name = strings.TrimSpace(season.Name)
	if season.Name == "" {
		return Season{}, fmt.Errorf("store: a season needs a name")
	}
	season.Created = time.UnixMilli(now())
	err := s.tx(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO seasons (name, year, created_by, created) VALUES (?, ?, ?, ?) RETURNING id`,
			season.Name, season.Year, season.CreatedBy, season.Created.UnixMilli()).Scan(&season.ID)
	})
	if err != nil {
		return Season{}, err
	}
	return season, nil
}

const seasonColumns = `id, name, year, created_by, created`

func scanSeason(r interface{ Scan(...any) error }) (Season, error) {
	var se Season
	var created sql.NullInt64
	if err := r.Scan(&se.ID, &se.Name, &se.Year, &se.CreatedBy, &created); err != nil {
		return Season{}, err
	}
	se.Created = toTime(created)
	return se, nil
}

// Seasons lists every season, newest year first, then newest created.
func (s *Store) Seasons(ctx context.Context) ([]Season, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+seasonColumns+` FROM seasons ORDER BY year DESC, id DESC`)
	if err != nil {
		return nil, wrap(err)
	}
	defer rows.Close()
	var out []Season
	for rows.Next() {
		se, err := scanSeason(rows)
		if err != nil {
			return nil, wrap(err)
		}
		out = append(out, se)
	}
	return out, wrap(rows.Err())
}

// Season is the season with the given ID, or ErrNotFound.
func (s *Store) Season(ctx context.Context, id int64) (Season, error) {
	se, err := scanSeason(s.db.QueryRowContext(ctx, `SELECT `+seasonColumns+` FROM seasons WHERE id = ?`, id))
	return se, wrap(err)
}
