// franz-go side of the side-by-side benchmarks (issue 18, tools/bench/run). Built by the runner
// with `go build` (modules from the Go module proxy), never by the default build.
//
//	franz version
//	franz produce BOOTSTRAP TOPIC N ACKS COMPRESSION [key=value]...
//	franz consume BOOTSTRAP TOPIC N GROUP [key=value]...
//	franz latency BOOTSTRAP TOPIC RATE SECONDS GROUP [key=value]...
//
// produce: N records of 100 bytes (random letters A-Z, 1024 made up front and used round-robin,
// as the C/C++ programs do), no key (the partitioner picks the partition), a promise per record;
// the clock runs from the first Produce call to the last promise. Prints
//
//	franz-go records=N seconds=S msgs_per_s=R mb_per_s=M failed=F
//
// consume: reads N records from the beginning in the fresh group GROUP (nothing committed);
// the clock runs from the group's assignment to the poll that returned the N-th record. Prints
//
//	franz-go records=N bytes=B seconds=S total_seconds=T msgs_per_s=R mb_per_s=M
//
// latency: a consumer in GROUP subscribes first; once it is assigned, a producer sends a probe
// record every 10 ms until the consumer has returned one (the group join, offset lookup and first
// fetch are then behind it), then RATE records of 100 bytes per second for SECONDS seconds (paced every millisecond), each carrying
// its send time; the consumer takes now - send time when its poll returns the record. Records
// sent in the first second are left out (warm-up). Prints
//
//	franz-go latency records=K p50_us=A p99_us=B p999_us=C max_us=D
//
// Settings given as key=value use the Java client's names; the ones the runner passes are mapped
// below, anything else is an error naming the setting.
package main

import (
	"context"
	"encoding/binary"
	"fmt"
	"math/rand"
	"os"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "franz: "+format+"\n", args...)
	os.Exit(2)
}

func count(name, s string) int64 {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		fail("%s: expected a positive count, got '%s'", name, s)
	}
	return n
}

func millis(k, v string) time.Duration {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		fail("%s: expected milliseconds, got '%s'", k, v)
	}
	return time.Duration(n) * time.Millisecond
}

func bytesOf(k, v string) int32 {
	n, err := strconv.ParseInt(v, 10, 32)
	if err != nil || n <= 0 {
		fail("%s: expected a positive byte count, got '%s'", k, v)
	}
	return int32(n)
}

// options maps the key=value settings the runner passes to franz-go options.
func options(bootstrap string, pairs []string) []kgo.Opt {
	opts := []kgo.Opt{kgo.SeedBrokers(strings.Split(bootstrap, ",")...), kgo.ClientID("franz-bench")}
	idempotent, inflight := true, 0
	for _, p := range pairs {
		k, v, ok := strings.Cut(p, "=")
		if !ok || k == "" {
			fail("expected key=value, got '%s'", p)
		}
		switch k {
		case "acks":
			switch v {
			case "1":
				opts = append(opts, kgo.RequiredAcks(kgo.LeaderAck()))
			case "all", "-1":
				opts = append(opts, kgo.RequiredAcks(kgo.AllISRAcks()))
			default:
				fail("acks: expected 1 or all, got '%s'", v)
			}
		case "enable.idempotence":
			if v == "false" {
				idempotent = false
				opts = append(opts, kgo.DisableIdempotentWrite())
			} else if v != "true" {
				fail("enable.idempotence: expected true or false, got '%s'", v)
			}
		case "compression.type":
			codecs := map[string]kgo.CompressionCodec{"none": kgo.NoCompression(), "gzip": kgo.GzipCompression(),
				"snappy": kgo.SnappyCompression(), "lz4": kgo.Lz4Compression(), "zstd": kgo.ZstdCompression()}
			c, ok := codecs[v]
			if !ok {
				fail("compression.type: expected none, gzip, snappy, lz4 or zstd, got '%s'", v)
			}
			opts = append(opts, kgo.ProducerBatchCompression(c))
		case "linger.ms":
			opts = append(opts, kgo.ProducerLinger(millis(k, v)))
		case "batch.size":
			opts = append(opts, kgo.ProducerBatchMaxBytes(bytesOf(k, v)))
		case "max.in.flight.requests.per.connection":
			inflight = int(bytesOf(k, v))
		case "buffer.memory":
			// Like the Java client's bound on buffered bytes, and as many records as the kwire
			// and librdkafka programs keep outstanding (buffer.memory / 200).
			opts = append(opts, kgo.MaxBufferedBytes(int(bytesOf(k, v))), kgo.MaxBufferedRecords(int(bytesOf(k, v))/200))
		case "fetch.min.bytes":
			opts = append(opts, kgo.FetchMinBytes(bytesOf(k, v)))
		case "fetch.max.bytes":
			opts = append(opts, kgo.FetchMaxBytes(bytesOf(k, v)))
		case "max.partition.fetch.bytes":
			opts = append(opts, kgo.FetchMaxPartitionBytes(bytesOf(k, v)))
		case "fetch.max.wait.ms":
			opts = append(opts, kgo.FetchMaxWait(millis(k, v)))
		case "check.crcs":
			if v != "false" { // franz-go never checks CRCs on fetch
				fail("check.crcs: franz-go does not check CRCs, only false is accepted, got '%s'", v)
			}
		default:
			fail("%s: not a setting this program maps to franz-go", k)
		}
	}
	// franz-go refuses this option with idempotent writes, where it keeps its own limit.
	if inflight > 0 && !idempotent {
		opts = append(opts, kgo.MaxProduceRequestsInflightPerBroker(inflight))
	}
	return opts
}

func payloads() [][]byte {
	rng := rand.New(rand.NewSource(42))
	ps := make([][]byte, 1024)
	for i := range ps {
		ps[i] = make([]byte, 100)
		for j := range ps[i] {
			ps[i][j] = byte('A' + rng.Intn(26))
		}
	}
	return ps
}

func produce(args []string) {
	if len(args) < 5 {
		fail("usage: franz produce BOOTSTRAP TOPIC N ACKS COMPRESSION [key=value]...")
	}
	n := count("N", args[2])
	pairs := append([]string{"acks=" + args[3], "compression.type=" + args[4], "linger.ms=5", "buffer.memory=33554432"}, args[5:]...)
	cl, err := kgo.NewClient(append(options(args[0], pairs), kgo.DefaultProduceTopic(args[1]))...)
	if err != nil {
		fail("%v", err)
	}
	ps := payloads()
	var failed atomic.Int64
	var firstErr atomic.Value
	var wg sync.WaitGroup
	wg.Add(int(n))
	promise := func(_ *kgo.Record, err error) {
		if err != nil {
			failed.Add(1)
			firstErr.CompareAndSwap(nil, err.Error())
		}
		wg.Done()
	}
	ctx := context.Background()
	start := time.Now()
	for i := int64(0); i < n; i++ {
		cl.Produce(ctx, &kgo.Record{Value: ps[i%1024]}, promise)
	}
	wg.Wait()
	s := time.Since(start).Seconds()
	fmt.Printf("franz-go records=%d seconds=%.3f msgs_per_s=%.0f mb_per_s=%.2f failed=%d\n", n, s, float64(n)/s,
		float64(n)*100/s/1e6, failed.Load())
	if e := firstErr.Load(); e != nil {
		fmt.Fprintf(os.Stderr, "franz: first error: %s\n", e)
	}
	cl.Close()
	if failed.Load() > 0 {
		os.Exit(1)
	}
}

// groupClient is a consumer in the fresh group GROUP reading TOPIC from the beginning, nothing
// committed; assigned is closed when the group first assigns it partitions, *at then holds the time.
func groupClient(bootstrap, topic, group string, pairs []string) (*kgo.Client, chan struct{}, *time.Time) {
	assigned := make(chan struct{})
	at := new(time.Time)
	var once sync.Once
	opts := append(options(bootstrap, pairs), kgo.ConsumerGroup(group), kgo.ConsumeTopics(topic),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()), kgo.DisableAutoCommit(),
		kgo.OnPartitionsAssigned(func(_ context.Context, _ *kgo.Client, m map[string][]int32) {
			if len(m) > 0 {
				once.Do(func() { *at = time.Now(); close(assigned) })
			}
		}))
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		fail("%v", err)
	}
	return cl, assigned, at
}

func consume(args []string) {
	if len(args) < 4 {
		fail("usage: franz consume BOOTSTRAP TOPIC N GROUP [key=value]...")
	}
	n := count("N", args[2])
	begin := time.Now()
	cl, assigned, at := groupClient(args[0], args[1], args[3], args[4:])
	var received, bytes int64
	ctx := context.Background()
	for received < n {
		fs := cl.PollFetches(ctx)
		if errs := fs.Errors(); len(errs) > 0 {
			fmt.Fprintf(os.Stderr, "franz: fetch %s[%d]: %v\n", errs[0].Topic, errs[0].Partition, errs[0].Err)
			os.Exit(1)
		}
		fs.EachRecord(func(r *kgo.Record) {
			bytes += int64(len(r.Key) + len(r.Value))
			received++
		})
	}
	end := time.Now()
	<-assigned // closed before any record of the group could be fetched
	s := end.Sub(*at).Seconds()
	fmt.Printf("franz-go records=%d bytes=%d seconds=%.3f total_seconds=%.3f msgs_per_s=%.0f mb_per_s=%.2f\n",
		received, bytes, s, end.Sub(begin).Seconds(), float64(received)/s, float64(bytes)/s/1e6)
	cl.Close()
}

func latency(args []string) {
	if len(args) < 5 {
		fail("usage: franz latency BOOTSTRAP TOPIC RATE SECONDS GROUP [key=value]...")
	}
	rate, seconds := count("RATE", args[2]), count("SECONDS", args[3])
	var consumerPairs, producerPairs []string
	for _, p := range args[5:] {
		if strings.HasPrefix(p, "fetch.") || strings.HasPrefix(p, "max.partition.fetch") || p == "check.crcs=false" {
			consumerPairs = append(consumerPairs, p)
		} else {
			producerPairs = append(producerPairs, p)
		}
	}
	cons, assigned, _ := groupClient(args[0], args[1], args[4], consumerPairs)
	prod, err := kgo.NewClient(append(options(args[0], producerPairs), kgo.DefaultProduceTopic(args[1]))...)
	if err != nil {
		fail("%v", err)
	}
	origin := time.Now()
	total := rate * seconds
	warm := rate // the first second's records are left out
	lat := make([]int64, 0, total)
	var failed atomic.Int64
	var live atomic.Bool
	const probe = ^uint64(0)
	done := make(chan struct{})
	go func() {
		defer close(done)
		var got int64
		ctx := context.Background()
		for got < total {
			fs := cons.PollFetches(ctx)
			if errs := fs.Errors(); len(errs) > 0 {
				fmt.Fprintf(os.Stderr, "franz: fetch: %v\n", errs[0].Err)
				os.Exit(1)
			}
			now := time.Since(origin).Nanoseconds()
			fs.EachRecord(func(r *kgo.Record) {
				if len(r.Value) < 16 {
					fail("a record without the 16 bytes of send time and sequence number")
				}
				raw := binary.LittleEndian.Uint64(r.Value[8:])
				if raw == probe {
					live.Store(true)
					return
				}
				if int64(raw) >= warm {
					lat = append(lat, now-int64(binary.LittleEndian.Uint64(r.Value)))
				}
				got++
			})
		}
	}()
	select {
	case <-assigned:
	case <-time.After(60 * time.Second):
		fail("no partitions assigned within 60 s")
	}
	ctx := context.Background()
	for deadline := time.Now().Add(60 * time.Second); !live.Load(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			fail("no probe record came back within 60 s")
		}
		v := make([]byte, 100)
		binary.LittleEndian.PutUint64(v[8:], probe)
		prod.Produce(ctx, &kgo.Record{Value: v}, nil)
	}
	start := time.Now()
	var sent int64
	for sent < total {
		due := int64(time.Since(start).Seconds() * float64(rate))
		if due > total {
			due = total
		}
		for ; sent < due; sent++ {
			v := make([]byte, 100)
			binary.LittleEndian.PutUint64(v, uint64(time.Since(origin).Nanoseconds()))
			binary.LittleEndian.PutUint64(v[8:], uint64(sent))
			prod.Produce(ctx, &kgo.Record{Value: v}, func(_ *kgo.Record, err error) {
				if err != nil {
					failed.Add(1)
				}
			})
		}
		time.Sleep(time.Millisecond)
	}
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		fail("not every record came back within 60 s of the last send")
	}
	if failed.Load() > 0 {
		fail("%d records failed to send", failed.Load())
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	q := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))]) / 1e3 }
	fmt.Printf("franz-go latency records=%d p50_us=%.0f p99_us=%.0f p999_us=%.0f max_us=%.0f\n", len(lat), q(0.5),
		q(0.99), q(0.999), q(1))
	prod.Close()
	cons.Close()
}

func main() {
	if len(os.Args) < 2 {
		fail("usage: franz version|produce|consume|latency ...")
	}
	switch os.Args[1] {
	case "version":
		info, _ := debug.ReadBuildInfo()
		for _, m := range info.Deps {
			if m.Path == "github.com/twmb/franz-go" {
				fmt.Printf("franz-go %s (%s)\n", m.Version, info.GoVersion)
				return
			}
		}
		fail("franz-go is not among this program's modules")
	case "produce":
		produce(os.Args[2:])
	case "consume":
		consume(os.Args[2:])
	case "latency":
		latency(os.Args[2:])
	default:
		fail("unknown command '%s': expected version, produce, consume or latency", os.Args[1])
	}
}
