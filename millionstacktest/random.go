package millionstacktest

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// The character classes of Secrets Manager's GetRandomPassword (API
// reference, GetRandomPassword: ExcludePunctuation lists the punctuation it
// draws from; IncludeSpace adds the space).
const (
	lowercase   = "abcdefghijklmnopqrstuvwxyz"
	uppercase   = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	digits      = "0123456789"
	punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
)

// randomPassword answers a GetRandomPassword request as AWS would, but
// deterministically: a PasswordLength (default 32, 1 to 4096) string drawn
// from the classes the request leaves in, without its ExcludeCharacters,
// holding at least one character of each class left in unless
// RequireEachIncludedType is false (AWS's default is to require them). The
// characters come from a hash of the request and seed, so the same request
// in recordings with the same seed gets the same answer, and a value that
// lands in a resource (a final snapshot name, a log group name) is one AWS
// could really have answered. A request that cannot be answered (a length
// outside AWS's 1 to 4096, every character excluded, too short to hold one
// of each required type) fails instead of answering what AWS never would.
func randomPassword(args resource.PropertyMap, seed string) (string, error) {
	flag := func(key string, def bool) bool {
		if v, ok := args[resource.PropertyKey(key)]; ok && v.IsBool() {
			return v.BoolValue()
		}
		return def
	}
	length := 32
	if v, ok := args["passwordLength"]; ok && v.IsNumber() {
		length = int(v.NumberValue())
	}
	if length < 1 || length > 4096 {
		return "", fmt.Errorf("getRandomPassword: passwordLength %d is out of range; AWS allows 1 to 4096", length)
	}
	excluded := ""
	if v, ok := args["excludeCharacters"]; ok && v.IsString() {
		excluded = v.StringValue()
	}

	var classes []string
	for _, c := range []struct {
		chars string
		in    bool
	}{
		{lowercase, !flag("excludeLowercase", false)},
		{uppercase, !flag("excludeUppercase", false)},
		{digits, !flag("excludeNumbers", false)},
		{punctuation, !flag("excludePunctuation", false)},
		{" ", flag("includeSpace", false)},
	} {
		if !c.in {
			continue
		}
		if left := strings.Map(func(r rune) rune {
			if strings.ContainsRune(excluded, r) {
				return -1
			}
			return r
		}, c.chars); left != "" {
			classes = append(classes, left)
		}
	}
	if len(classes) == 0 {
		return "", fmt.Errorf("getRandomPassword: the request excludes every character")
	}
	required := flag("requireEachIncludedType", true)
	if required && length < len(classes) {
		return "", fmt.Errorf("getRandomPassword: passwordLength %d cannot hold one character of each of the %d included types", length, len(classes))
	}

	stream := newDrawStream(args, seed)
	alphabet := strings.Join(classes, "")
	out := make([]byte, 0, length)
	if required {
		for _, c := range classes {
			out = append(out, c[stream.next()%uint64(len(c))])
		}
	}
	for len(out) < length {
		out = append(out, alphabet[stream.next()%uint64(len(alphabet))])
	}
	for i := len(out) - 1; i > 0; i-- { // Fisher-Yates: the required characters may land anywhere
		j := int(stream.next() % uint64(i+1))
		out[i], out[j] = out[j], out[i]
	}
	return string(out), nil
}

// drawStream is an endless deterministic sequence of numbers: SHA-256 of the
// seed, the request (keys sorted) and a counter.
type drawStream struct {
	prefix []byte
	block  []byte
	count  uint64
}

func newDrawStream(args resource.PropertyMap, seed string) *drawStream {
	plain := args.Mappable()
	keys := make([]string, 0, len(plain))
	for k := range plain {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(seed)
	for _, k := range keys {
		fmt.Fprintf(&b, "\x00%s=%v", k, plain[k])
	}
	return &drawStream{prefix: []byte(b.String())}
}

func (s *drawStream) next() uint64 {
	if len(s.block) < 8 {
		var counter [8]byte
		binary.BigEndian.PutUint64(counter[:], s.count)
		s.count++
		sum := sha256.Sum256(append(append([]byte(nil), s.prefix...), counter[:]...))
		s.block = sum[:]
	}
	v := binary.BigEndian.Uint64(s.block[:8])
	s.block = s.block[8:]
	return v
}
