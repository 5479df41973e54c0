package linkcheck

import (
	"fmt"
	"testing"
)

func TestVerdictCache(t *testing.T) {
	v := newVerdictCache(4)
	for i := range 10 {
		v.put(fmt.Sprint(i), Result{HTTPStatus: i})
		if _, ok := v.get("0"); !ok {
			t.Fatalf("verdict 0 dropped after %d puts although read each time", i+1)
		}
		if v.len() > 4 {
			t.Fatalf("%d verdicts held, want at most 4", v.len())
		}
	}
	if r, ok := v.get("9"); !ok || r.HTTPStatus != 9 {
		t.Errorf("newest verdict %v %v", r, ok)
	}
	if _, ok := v.get("1"); ok {
		t.Errorf("verdict 1, never read again, still held")
	}
}
