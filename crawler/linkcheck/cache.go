package linkcheck

// DefaultMaxCached is the default of Config.MaxCached.
const DefaultMaxCached = 1 << 16

// verdictCache holds at most max verdicts, in two generations of max/2:
// when the young one is full it becomes the old one and the old one is
// dropped; a verdict read from the old generation moves to the young
// one. A crawl keeps each site's verdicts in its own link table, so what
// an audit of millions of URLs loses here is only the sharing of a
// verdict between sites far apart (the URL is requested again), not a
// verdict. It is not safe for concurrent use.
type verdictCache struct {
	max        int
	young, old map[string]Result
}

func newVerdictCache(max int) *verdictCache {
	return &verdictCache{max: max, young: map[string]Result{}}
}

// get returns the verdict cached for key.
func (v *verdictCache) get(key string) (Result, bool) {
	if r, ok := v.young[key]; ok {
		return r, true
	}
	r, ok := v.old[key]
	if ok {
		delete(v.old, key)
		v.put(key, r)
	}
	return r, ok
}

// put caches r for key.
func (v *verdictCache) put(key string, r Result) {
	if _, ok := v.young[key]; !ok && len(v.young) >= max(v.max/2, 1) {
		v.old, v.young = v.young, make(map[string]Result, len(v.young))
	}
	v.young[key] = r
}

// len returns the number of verdicts held.
func (v *verdictCache) len() int { return len(v.young) + len(v.old) }
