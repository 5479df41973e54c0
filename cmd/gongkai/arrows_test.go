package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// The architecture of the tree, as data. Every package of the module sits
// in one layer (its top-level folder), and imports only point down:
//
//	crawler ← checks ← datasets ← reports ← api ← cmd
//
// "Reaches" means directly or through any other package, the module's or
// not, so a library that pulls in net/http counts as net/http. Test files
// are left out (a checks test may run real pages through crawler/htmlfacts).
var layers = []layer{
	{dir: "crawler"},
	{dir: "checks", never: []string{"net", "net/http", "os/exec", "golang.org/x/net/html", "github.com/PuerkitoBio/goquery", "github.com/go-rod/rod"},
		why: "judgement reads snapshots only: no network, no processes, no HTML parsing"},
	{dir: "datasets", never: []string{"net/http"}, why: "publishing never touches the network"},
	{dir: "reports", optional: true, never: []string{"net/http"}, why: "reports are views of releases, served by api"},
	{dir: "api", optional: true},
	{dir: "cmd"},
}

// layer is one top-level folder of the module.
type layer struct {
	dir string
	// optional layers may not exist yet; the others must.
	optional bool
	// never lists what the layer must not reach, besides every layer above.
	never []string
	why   string
}

const module = "gongkai"

// toolsOnly are programs inside a layer that are not part of what the layer
// does: they keep the arrows between layers but not the layer's never list.
var toolsOnly = map[string]string{
	module + "/datasets/internal/releasebench": "benchmark program: its baselines (arrow's pqarrow) link arrow/flight",
	module + "/reports/internal/reportbench":   "benchmark program: prints PDF reports with crawler/render's browser, as cmd/gongkai does",
}

// allowedEdges are imports inside libraries that would break a rule but
// are never used on our path; each is an exception a reviewer agreed to.
var allowedEdges = map[[2]string]string{
	{"github.com/andybalholm/brotli", "net/http"}: "brotli's HTTPCompressor helper; parquet-go and arrow use only the codec",
}

// TestImportArrows fails when a package reaches what its layer forbids,
// naming the import chain.
func TestImportArrows(t *testing.T) {
	graph := importGraph(t)
	var pkgs []string
	for pkg := range graph {
		if strings.HasPrefix(pkg, module+"/") {
			pkgs = append(pkgs, pkg)
		}
	}
	slices.Sort(pkgs)
	seen := map[string]bool{}
	for _, pkg := range pkgs {
		i := layerOf(pkg)
		if i < 0 {
			t.Errorf("%s is in no layer: add its top-level folder to layers in arrows_test.go", pkg)
			continue
		}
		seen[layers[i].dir] = true
		var never []string
		for _, above := range layers[i+1:] {
			never = append(never, module+"/"+above.dir)
		}
		if _, ok := toolsOnly[pkg]; !ok {
			never = append(never, layers[i].never...)
		}
		for _, chain := range forbiddenPaths(graph, pkg, never) {
			why := layers[i].why
			if j := layerOf(chain[len(chain)-1]); j > i {
				why = fmt.Sprintf("%s must not depend on %s: imports run %s", layers[i].dir, layers[j].dir, chainText())
			}
			t.Errorf("%s reaches %s (%s): %s", pkg, chain[len(chain)-1], strings.Join(chain, " → "), why)
		}
	}
	for _, l := range layers {
		if !l.optional && !seen[l.dir] {
			t.Errorf("layer %s has no package: a typo in layers, or the tree moved", l.dir)
		}
	}
	for pkg := range toolsOnly {
		if _, ok := graph[pkg]; !ok {
			t.Errorf("toolsOnly names %s, which no longer exists: remove it", pkg)
		}
	}
	for e := range allowedEdges {
		if !slices.Contains(graph[e[0]], e[1]) {
			t.Errorf("allowedEdges has %s → %s, which no longer exists: remove it", e[0], e[1])
		}
	}
}

// chainText is the order of the layers, lowest first.
func chainText() string {
	var dirs []string
	for _, l := range layers {
		dirs = append(dirs, l.dir)
	}
	return strings.Join(dirs, " ← ")
}

// layerOf returns the index of the layer of a module package, or -1.
func layerOf(pkg string) int {
	rest, ok := strings.CutPrefix(pkg, module+"/")
	if !ok {
		return -1
	}
	top, _, _ := strings.Cut(rest, "/")
	return slices.IndexFunc(layers, func(l layer) bool { return l.dir == top })
}

// forbiddenPaths walks everything pkg reaches, breadth first, and returns
// the shortest import chain to each package of never it meets (a prefix
// of the module matches its subpackages too).
func forbiddenPaths(graph map[string][]string, pkg string, never []string) [][]string {
	banned := func(p string) bool {
		for _, n := range never {
			if p == n || (strings.HasPrefix(n, module+"/") && strings.HasPrefix(p, n+"/")) {
				return true
			}
		}
		return false
	}
	parent := map[string]string{pkg: ""}
	queue := []string{pkg}
	var out [][]string
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		for _, q := range graph[p] {
			if _, ok := parent[q]; ok {
				continue
			}
			if _, ok := allowedEdges[[2]string{p, q}]; ok {
				continue
			}
			parent[q] = p
			if banned(q) {
				var chain []string
				for c := q; c != ""; c = parent[c] {
					chain = append(chain, c)
				}
				slices.Reverse(chain)
				out = append(out, chain)
				continue // one chain per banned package is enough
			}
			queue = append(queue, q)
		}
	}
	return out
}

// importGraph returns the direct imports of every package the module's
// packages reach (go list -deps), keyed by import path.
func importGraph(t *testing.T) map[string][]string {
	t.Helper()
	cmd := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}\t{{join .Imports \" \"}}", module+"/...")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	graph := map[string][]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		pkg, imports, _ := strings.Cut(sc.Text(), "\t")
		graph[pkg] = strings.Fields(imports)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(graph) == 0 {
		t.Fatal("go list printed no packages")
	}
	return graph
}
