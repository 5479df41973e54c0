// Package api is gongkai's HTTP server: the open-data portal, the JSON API,
// the catalogs for harvesters (DCAT, data.json, CKAN) and the downloads of
// published releases. It is HTTP only: it reads releases through datasets
// and never crawls or judges.
//
// # Serving releases
//
// A Server serves the releases of one data directory (what `gongkai audit
// --out DIR` writes). Its Store holds the current release in memory and
// looks at DIR/releases/latest.json every Options.Poll: when it names a new
// release, the release is loaded and verified against its SHA256SUMS off to
// the side and then switched in atomically. A release that fails to load
// is refused (logged, and reported to the Store's subscribers) and the last
// good one stays served.
//
// # Extending the server
//
// Other components (the Prometheus metrics, the live probe) plug in
// without touching this package's routes:
//
//   - Server.Mount(pattern, handler) adds a handler to the server's mux,
//     behind the same security headers, logging and limits as every route;
//     Server.RequireToken wraps a handler that changes state or costs much.
//   - Server.Store().Current() is the release being served, and
//     Store().Subscribe(fn) calls fn after every switch or refusal.
//   - Options.Observe is called once per request with the route pattern,
//     the status and the duration.
package api
