package model

import (
	"runtime"
	"sync"
)

// workers is how many goroutines the loaders and validation use for the
// per-student work: GOMAXPROCS, at most 8. Results never depend on it.
func workers() int { return min(max(runtime.GOMAXPROCS(0), 1), 8) }

// orderedPool runs work on batches in up to n goroutines and hands each
// result to apply in the order the batches were submitted, on one goroutine,
// so that apply needs no locking and the outcome does not depend on the
// scheduling. Each worker goroutine owns one state W, made by newState.
type orderedPool[B, R, W any] struct {
	jobs    chan poolJob[B, R]
	pending chan chan R
	wg      sync.WaitGroup
	applied chan struct{}
}

type poolJob[B, R any] struct {
	batch B
	out   chan R
}

func newOrderedPool[B, R, W any](n int, newState func() W, work func(W, B) R, apply func(R)) *orderedPool[B, R, W] {
	p := &orderedPool[B, R, W]{
		jobs:    make(chan poolJob[B, R], n),
		pending: make(chan chan R, 2*n),
		applied: make(chan struct{}),
	}
	for range n {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			st := newState()
			for j := range p.jobs {
				j.out <- work(st, j.batch)
			}
		}()
	}
	go func() {
		defer close(p.applied)
		for out := range p.pending {
			apply(<-out)
		}
	}()
	return p
}

// submit queues a batch; it blocks while n batches wait for a worker.
func (p *orderedPool[B, R, W]) submit(b B) {
	out := make(chan R, 1)
	p.pending <- out
	p.jobs <- poolJob[B, R]{batch: b, out: out}
}

// wait returns once every submitted batch has been applied.
func (p *orderedPool[B, R, W]) wait() {
	close(p.jobs)
	close(p.pending)
	<-p.applied
	p.wg.Wait()
}
