package api

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestHotPickup: a release published while the server runs is served
// without a restart, and subscribers hear of the switch.
func TestHotPickup(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	first := publish(t, dir, 3, 1)
	srv := start(t, Options{Data: dir, Poll: 20 * time.Millisecond})
	switched := make(chan Event, 4)
	defer srv.Store().Subscribe(func(e Event) { switched <- e })()
	if _, body := srv.get(t, "/healthz"); !strings.Contains(string(body), first) {
		t.Fatalf("healthz = %q, want release %s", body, first)
	}

	second := publish(t, dir, 4, 2)
	select {
	case e := <-switched:
		if e.Err != nil || e.ID != second || e.Release.ID != second {
			t.Fatalf("event %+v, want a switch to %s", e, second)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("the new release was not picked up")
	}
	if _, body := srv.get(t, "/healthz"); !strings.Contains(string(body), second) {
		t.Errorf("healthz = %q, want release %s", body, second)
	}
	if got := len(srv.Store().Current().Sites); got != 4 {
		t.Errorf("%d sites served, want 4", got)
	}
}

// TestDamagedReleaseRefused: a new release whose files do not match their
// checksums is refused, with the reason, and the last good one stays.
func TestDamagedReleaseRefused(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good := publish(t, dir, 3, 1)
	srv := start(t, Options{Data: dir, Poll: time.Hour})
	var events []Event
	defer srv.Store().Subscribe(func(e Event) { events = append(events, e) })()

	bad := publish(t, dir, 3, 2)
	damage(t, filepath.Join(dir, "releases", bad, "scores.parquet"))
	err := srv.Store().Refresh(context.Background())
	if err == nil || !strings.Contains(err.Error(), "scores.parquet") {
		t.Fatalf("Refresh = %v, want an error naming scores.parquet", err)
	}
	if cur := srv.Store().Current(); cur == nil || cur.ID != good {
		t.Fatalf("serving %s, want the last good release %s", cur.idOrNone(), good)
	}
	if len(events) != 1 || events[0].ID != bad || events[0].Err == nil || events[0].Release.ID != good {
		t.Fatalf("events %+v, want one refusal of %s while %s stays", events, bad, good)
	}
	// Refused once, not reloaded on every poll.
	if err := srv.Store().Refresh(context.Background()); err == nil || len(events) != 1 {
		t.Errorf("second Refresh = %v with %d events, want the remembered refusal and no new load", err, len(events))
	}
}

// TestStartFallsBack: a server started on a directory whose latest release
// is damaged serves the newest release that loads.
func TestStartFallsBack(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good := publish(t, dir, 2, 1)
	bad := publish(t, dir, 2, 2)
	damage(t, filepath.Join(dir, "releases", bad, "sites.csv"))
	srv := start(t, Options{Data: dir, Poll: time.Hour})
	if cur := srv.Store().Current(); cur == nil || cur.ID != good {
		t.Fatalf("serving %s, want %s", cur.idOrNone(), good)
	}
}

// TestNoRelease: a data directory without releases is served (503 on data
// routes, healthz ok) until one appears.
func TestNoRelease(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	srv := start(t, Options{Data: dir, Poll: 20 * time.Millisecond})
	resp, body := srv.get(t, "/healthz")
	if resp.StatusCode != 200 || !strings.Contains(string(body), "release none") {
		t.Fatalf("healthz = %d %q", resp.StatusCode, body)
	}
	id := publish(t, dir, 2, 1)
	deadline := time.Now().Add(60 * time.Second)
	for srv.Store().Current() == nil && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if cur := srv.Store().Current(); cur == nil || cur.ID != id {
		t.Fatalf("serving %s, want %s", cur.idOrNone(), id)
	}
}
