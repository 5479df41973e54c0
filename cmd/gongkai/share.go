package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"gongkai/crawler/objstore"
	"gongkai/crawler/snapshot"
	"gongkai/datasets"
)

// publisher copies the releases of an output directory to shared storage
// (--publish), where gongkai pull on the portal machine takes them.
type publisher struct {
	url   string // as given, for the message that says how to try again
	store objstore.Store
}

// openPublisher opens the storage of --publish; nil when url is empty. It
// is opened before any work, so that a missing bucket or bad credentials
// are found before an audit, not after it.
func openPublisher(ctx context.Context, url string) (*publisher, error) {
	if url == "" {
		return nil, nil
	}
	st, err := objstore.Open(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("flag --publish: %w", err)
	}
	return &publisher{url: url, store: st}, nil
}

// push copies every release of out to the store (datasets.PushRelease),
// the latest one last, after the files of its audit that the portal shows
// (pushAuditFiles), then points the store's latest.json at it. A reader
// of the store that follows latest.json therefore never finds a release
// half-copied. An older release that fails does not stop the others, and
// latest.json moves once the latest release is there whole.
func (p *publisher) push(ctx context.Context, e *env, out string) error {
	list, err := datasets.ListReleases(out)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(list, func(r datasets.ReleaseSummary) bool { return r.Latest })
	if i < 0 {
		return fmt.Errorf("push: no release published in %s", filepath.Join(out, "releases"))
	}
	var n pushCount
	var errs []error
	for _, r := range slices.Delete(slices.Clone(list), i, i+1) {
		copied, err := datasets.PushRelease(ctx, out, r.ID, p.store)
		n.add(copied, err)
		errs = append(errs, err)
	}
	kept, err := p.pushLatest(ctx, out, list[i], &n)
	if err := errors.Join(append(errs, err)...); err != nil {
		return fmt.Errorf("the releases stay published in %s, but copying them to %s failed (gongkai push --out %s --to %s copies them again): %w",
			filepath.Join(out, "releases"), p.store, out, p.url, err)
	}
	fmt.Fprintf(e.stdout, "published release %s to %s (releases copied: %d, already there: %d)\n", list[i].ID, p.store, n.copied, n.there)
	if kept != "" {
		fmt.Fprintf(e.stdout, "%s names the newer release %s: its latest.json is left as is\n", p.store, kept)
	}
	return nil
}

// pushLatest pushes the latest release r of out with its audit's files
// first, then points the store's latest.json at it. kept is the newer
// release the store's latest.json names instead, if any.
func (p *publisher) pushLatest(ctx context.Context, out string, r datasets.ReleaseSummary, n *pushCount) (kept string, err error) {
	if err := pushAuditFiles(ctx, p.store, out, r.AuditID); err != nil {
		return "", err
	}
	copied, err := datasets.PushRelease(ctx, out, r.ID, p.store)
	if n.add(copied, err); err != nil {
		return "", err
	}
	return datasets.PushLatest(ctx, out, r.ID, p.store)
}

// pushCount counts the releases a push copied and found there already.
type pushCount struct{ copied, there int }

func (n *pushCount) add(copied bool, err error) {
	switch {
	case err != nil:
	case copied:
		n.copied++
	default:
		n.there++
	}
}

// The keys of the files of an audit that the portal reads beside a
// release (its crawl parameters and screenshots), in the audit
// directory's layout.
func auditFileKey(auditID string) string {
	return path.Join(snapshot.AuditsDir, auditID, snapshot.AuditFile)
}

func auditShotsPrefix(auditID string) string {
	return path.Join(snapshot.AuditsDir, auditID, snapshot.ShotsDir) + "/"
}

// checkAuditID refuses an audit id (read from a datapackage.json) that
// would not name one directory.
func checkAuditID(id string) error {
	if err := objstore.CheckKey(id); err != nil || strings.Contains(id, "/") || strings.HasPrefix(id, ".") {
		return fmt.Errorf("audit id %q: not a directory name", id)
	}
	return nil
}

// pushAuditFiles puts the files of audit auditID in out that the portal
// shows beside its release: the screenshots the store lacks, then
// audit.json. A release without an audit has none.
func pushAuditFiles(ctx context.Context, st objstore.Store, out, auditID string) error {
	if auditID == "" {
		return nil
	}
	if err := checkAuditID(auditID); err != nil {
		return fmt.Errorf("push audit files: %w", err)
	}
	dir := filepath.Join(out, snapshot.AuditsDir, auditID)
	err := pushShots(ctx, st, filepath.Join(dir, snapshot.ShotsDir), auditShotsPrefix(auditID))
	if err == nil {
		err = objstore.PutFile(ctx, st, auditFileKey(auditID), filepath.Join(dir, snapshot.AuditFile))
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("push audit %s: %w", auditID, err)
	}
	return nil
}

// pushShots puts the files under dir under prefix, but those the store
// has: a screenshot's name is its content's hash, so one that is there is
// the same.
func pushShots(ctx context.Context, st objstore.Store, dir, prefix string) error {
	have, err := st.List(ctx, prefix)
	if err != nil {
		return err
	}
	stored := map[string]bool{}
	for _, k := range have {
		stored[k] = true
	}
	return filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		switch {
		case p == dir && errors.Is(err, fs.ErrNotExist):
			return fs.SkipAll // no screenshots
		case err != nil:
			return err
		case e.IsDir() || strings.HasPrefix(e.Name(), "."):
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if key := prefix + filepath.ToSlash(rel); err == nil && !stored[key] {
			err = objstore.PutFile(ctx, st, key, p)
		}
		return err
	})
}

// pullAuditFiles copies into data the files of audit auditID that the
// portal shows beside its release, when the store has them: the
// screenshots data lacks, and audit.json.
func pullAuditFiles(ctx context.Context, st objstore.Store, data, auditID string) error {
	if auditID == "" {
		return nil
	}
	if err := checkAuditID(auditID); err != nil {
		return fmt.Errorf("pull audit files: %w", err)
	}
	dir := filepath.Join(data, snapshot.AuditsDir, auditID)
	err := pullShots(ctx, st, auditShotsPrefix(auditID), filepath.Join(dir, snapshot.ShotsDir))
	if err == nil {
		err = objstore.GetFile(ctx, st, auditFileKey(auditID), filepath.Join(dir, snapshot.AuditFile))
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("pull audit %s: %w", auditID, err)
	}
	return nil
}

// pullShots copies the files under prefix that dir lacks into dir.
func pullShots(ctx context.Context, st objstore.Store, prefix, dir string) error {
	keys, err := st.List(ctx, prefix)
	if err != nil {
		return err
	}
	for _, k := range keys {
		if err := objstore.CheckKey(k); err != nil {
			return err
		}
		local := filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(k, prefix)))
		if _, err := os.Stat(local); err == nil {
			continue
		}
		if err := objstore.GetFile(ctx, st, k, local); err != nil {
			return err
		}
	}
	return nil
}

// pull copies into data the releases of the store that data lacks
// (datasets.PullRelease: each verified against its SHA256SUMS, none ever
// half-written), then the files of the latest one's audit, and then
// points data's latest.json at the store's latest release. A release that
// fails does not stop the others, but latest.json moves only to a release
// that was copied whole. It reports what changed on e.stdout.
func pull(ctx context.Context, e *env, st objstore.Store, data string) error {
	latest, ids, err := datasets.RemoteReleases(ctx, st)
	if err != nil {
		return err
	}
	var errs []error
	for _, id := range ids {
		copied, err := datasets.PullRelease(ctx, st, data, id, e.logger)
		if err != nil && id == latest {
			return errors.Join(append(errs, err)...)
		}
		errs = append(errs, err)
		if copied {
			fmt.Fprintf(e.stdout, "pulled release %s from %s\n", id, st)
		}
	}
	if cur, err := datasets.LatestID(data); err == nil && cur == latest {
		return errors.Join(errs...)
	}
	list, err := datasets.ListReleases(data)
	if err == nil {
		if i := slices.IndexFunc(list, func(r datasets.ReleaseSummary) bool { return r.ID == latest }); i >= 0 {
			err = pullAuditFiles(ctx, st, data, list[i].AuditID)
		}
	}
	if err == nil {
		err = datasets.SwitchLatest(ctx, data, latest)
	}
	if err != nil {
		return errors.Join(append(errs, err)...)
	}
	fmt.Fprintf(e.stdout, "latest  %s\n", latest)
	return errors.Join(errs...)
}
