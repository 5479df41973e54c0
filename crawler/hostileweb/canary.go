package hostileweb

import (
	"fmt"
	"net"
	"sync"
	"sync/atomic"
)

// canaryAddrs are the private addresses the hostile sites try to make an
// audit reach: loopback, RFC 1918, link-local cloud metadata (AWS, Alibaba),
// carrier-grade NAT, IPv6 loopback and unique-local. Each gets a TCP
// listener on ports 80 and 443 and a UDP one on 3478 (STUN) that count
// whatever arrives: an audit without --allow-private must leave them at 0.
var canaryAddrs = []string{"127.0.0.1", "10.0.0.1", "192.168.0.1", "172.16.0.1", "169.254.169.254",
	"100.100.100.200", "100.64.0.1", "::1", "fd00::1"}

// canaryPorts are the TCP ports the canaries listen on.
var canaryPorts = []int{80, 443}

// canaryUDPPort is the UDP port the canaries listen on (STUN).
const canaryUDPPort = 3478

// canary counts connections and datagrams to the private addresses.
type canary struct {
	hits    atomic.Int64
	mu      sync.Mutex
	seen    []string // "addr <- peer", the first few
	closers []func() error
}

func startCanary() (*canary, error) {
	c := &canary{}
	for _, a := range canaryAddrs {
		for _, p := range canaryPorts {
			ln, err := net.Listen("tcp", net.JoinHostPort(a, fmt.Sprint(p)))
			if err != nil {
				c.close()
				return nil, fmt.Errorf("canary %s:%d: %w", a, p, err)
			}
			c.closers = append(c.closers, ln.Close)
			go c.accept(ln)
		}
		pc, err := net.ListenPacket("udp", net.JoinHostPort(a, fmt.Sprint(canaryUDPPort)))
		if err != nil {
			c.close()
			return nil, fmt.Errorf("canary udp %s: %w", a, err)
		}
		c.closers = append(c.closers, pc.Close)
		go c.read(pc)
	}
	return c, nil
}

func (c *canary) accept(ln net.Listener) {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		c.hit(ln.Addr().String(), conn.RemoteAddr().String())
		conn.Close()
	}
}

func (c *canary) read(pc net.PacketConn) {
	buf := make([]byte, 2048)
	for {
		_, from, err := pc.ReadFrom(buf)
		if err != nil {
			return
		}
		c.hit("udp "+pc.LocalAddr().String(), from.String())
	}
}

func (c *canary) hit(addr, peer string) {
	c.hits.Add(1)
	c.mu.Lock()
	if len(c.seen) < 20 {
		c.seen = append(c.seen, addr+" <- "+peer)
	}
	c.mu.Unlock()
}

func (c *canary) close() {
	for _, f := range c.closers {
		_ = f()
	}
}
