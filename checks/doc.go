// Package checks is gongkai's judgement: it reads one crawl snapshot
// (crawler/snapshot) and says, rule by rule, whether a government website
// complies, with evidence an evaluator can defend, then scores the site by
// the 2019 inspection indicators (国办秘函〔2019〕19号). It does no network
// and no file I/O (except LoadFile reading a rules file).
//
// # Layers
//
//   - The catalog (catalog.yaml, embedded; --rules overrides it) is data:
//     every rule's id, source, verification level (V/P/R), kind, typed
//     parameters, effect, points, cap and category, plus the vocabulary
//     (synonyms of columns, header fields, guide elements), the patterns of
//     identifiers and the scoring method. Parse is strict and reports
//     "FILE:LINE: field X: message".
//   - Page understanding (PageType, Metadata, GuideInfo, identifiers,
//     PlatformParts, ListItems, ParseDate) are pure functions of one page and
//     the catalog's vocabulary.
//   - Judge runs every rule over one snapshot and returns a Result: the
//     findings, the score and every derived value the release tables show
//     (documents, guides, page types, the site facts of facts.go), so the
//     tables only copy it.
//   - A check kind is a function in the one literal map checkKinds (kinds.go),
//     over a site understood once (site.go: typed pages, columns, documents,
//     guides, annual reports). It reports findings through a pass; a panic
//     becomes an "error" finding and the other rules still run.
//   - Scoring (score.go) is separate from detection: it caps points per rule
//     and per category by setting each finding's points, so the deductions
//     of a score are exactly the sum of its findings' points.
//
// # Adding a rule of an existing kind
//
// Add an entry to catalog.yaml (id, title_zh, title_en, source,
// verification, kind, params, effect, points, cap, category) and a test case
// in the kind's kind_<name>_test.go (see extend_test.go). No Go code.
//
// # Adding a check kind
//
// Write kind_<name>.go with a params struct (yaml and json tags, defaults in
// its constructor, a validate method that checks values and references) and
// a check function; add one line to the checkKinds map; add kind_<name>_test.go
// with a passing and a failing case on the hand-built good site
// (runKindCases). A catalog mistake worth a clear error is a new
// testdata/catalog/invalid-<case>.yaml holding its expected message.
package checks
