package jobqueue

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"gongkai/crawler/jobqueue/natstest"
	"gongkai/crawler/snapshot"
)

func testJob(auditID, siteID string) *Job {
	return &Job{Audit: snapshot.Audit{ID: auditID, Sites: []snapshot.Site{{ID: siteID}}}, MaxAttempts: 3}
}

// TestFinishedAnnouncesDoneJobs checks that the end of a job is announced
// to its audit's listener once the handler has done it, and not when the
// handler fails (the job is delivered again instead).
func TestFinishedAnnouncesDoneJobs(t *testing.T) {
	url := natstest.Start(t).URL
	ctx := t.Context()
	coord, err := Dial(ctx, Config{URL: url, Name: "coordinator"})
	if err != nil {
		t.Fatal(err)
	}
	defer coord.Close()
	worker, err := Dial(ctx, Config{URL: url, Name: "worker"})
	if err != nil {
		t.Fatal(err)
	}
	defer worker.Close()

	finished, stop, err := coord.Finished(ctx, "a1")
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	for _, j := range []*Job{testJob("a1", "ok"), testJob("a1", "bad")} {
		if _, err := coord.Publish(ctx, j); err != nil {
			t.Fatal(err)
		}
	}
	var badTries atomic.Int32
	go worker.Consume(ctx, 2, func(_ context.Context, d Delivery) error {
		if d.Job.Site().ID == "bad" {
			badTries.Add(1)
			return fmt.Errorf("site bad: %w", ErrRetry)
		}
		return nil
	})

	select {
	case id := <-finished:
		if id != "ok" {
			t.Fatalf("announced %q first, want ok (bad always fails)", id)
		}
	case <-time.After(time.Minute):
		t.Fatal("the job done was not announced within a minute")
	}
	// A failed delivery is redelivered a second after it failed: by the
	// second try, an announcement of the first would have arrived.
	for deadline := time.Now().Add(time.Minute); badTries.Load() < 2; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the failing job was not delivered twice within a minute")
		}
	}
	if err := coord.nc.Flush(); err != nil {
		t.Fatal(err)
	}
	select {
	case id := <-finished:
		t.Fatalf("announced %q a second time, or after its handler failed", id)
	case <-time.After(time.Second):
	}
}
