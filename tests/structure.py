#!/usr/bin/python3
"""structure.py: the structure rules of STYLE.md, checked on the sources.

usage: structure.py [--graph] [SRCROOT]
       structure.py --self-test [SRCROOT]

Checks the C files under smtpcli.c, cmd/, net/ and tls/ of SRCROOT (default:
the parent of this script's directory):
  a. the module graph (X.c + X.h = module X, X -> Y when either includes
     "Y.h") has no cycle;
  b. a header X.h declares only functions defined (not static) in X.c; a
     header without a .c declares no functions;
  c. every function declared in a header has a contract comment directly
     above it, or above the run of declarations (no blank line) it is in;
  d. no file over 1,000 lines, no function over 120 lines (from the line of
     its name to its closing brace);
  e. the files of core_src (meson.build) do no I/O, include no I/O header
     and hold no writable globals; the unit-test and fuzz binaries of
     tests/meson.build link the core library only;
  f. smtpcli.c makes no connection (no client, resolver, transport, probe,
     MX-plan or target-parsing call: that is cmd/conn/'s);
  g. every source file ARCHITECTURE.md names exists.
One line per violation, then "N passed, N failed"; exit 1 on a failure.
--graph prints the module graph in layers (0: includes nothing of ours).
--self-test runs the checks on tests/structure/ and compares the result
with tests/structure/expected.txt, both ways.
Debian's python3 with the standard library only.
"""

import contextlib
import io
import os
import re
import sys

SCAN = ('smtpcli.c', 'cmd', 'net', 'tls')
MAX_FILE_LINES = 1000
MAX_FUNC_LINES = 120

# Calls that do I/O or leave the process; snprintf and friends are fine.
IO_CALLS = frozenset('''
    printf fprintf vprintf vfprintf dprintf vdprintf puts fputs putchar
    putc fputc fwrite fread fgets fgetc getc getchar getline getdelim
    scanf fscanf vscanf vfscanf ungetc fflush fopen fdopen freopen fclose
    fileno perror setvbuf setbuf tmpfile popen pclose
    open openat creat close read write pread pwrite readv writev lseek
    dup dup2 pipe fcntl ioctl unlink remove rename mkdir stat fstat lstat
    send recv sendto recvfrom sendmsg recvmsg socket socketpair connect
    bind listen accept accept4 shutdown setsockopt getsockopt getaddrinfo
    getsockname getpeername
    poll ppoll select pselect
    exit _exit _Exit abort err errx verr verrx warn warnx vwarn vwarnx
    system fork execv execvp execve execl execlp kill raise signal
    sigaction sleep usleep nanosleep
    getenv setenv unsetenv putenv
'''.split())

# Headers that bring I/O into a pure file.  A header of a module whose .c
# is outside the core is refused as well (see check_core).
IO_HEADERS_QUOTED = frozenset(('client.h', 'loop.h', 'transport.h',
    'resolve.h', 'probe.h'))
# <sys/socket.h> is allowed for its types (struct sockaddr_storage in
# net/addr.h): every socket call is in IO_CALLS above.
IO_HEADERS_SYSTEM = frozenset(('unistd.h', 'poll.h',
    'sys/select.h', 'netdb.h', 'fcntl.h', 'termios.h', 'histedit.h',
    'ares.h', 'openssl/ssl.h', 'openssl/bio.h'))

# Identifiers that look like a function name before '(' but are not.
NOT_FUNCS = frozenset(('sizeof', '_Static_assert', 'static_assert',
    '_Alignas', '_Alignof', 'alignof', '_Generic', 'typeof', '__typeof__',
    '__typeof', 'defined', 'return', 'if', 'while', 'for', 'switch'))
ATTRS = frozenset(('__attribute__', '__attribute', '__declspec', '__asm__',
    'asm', '__asm'))


class Source:
    """One C file: its lines, its code with comments, strings and
    preprocessor lines blanked out (lines and columns kept), its comment
    blocks, its quoted and system includes and its tokens."""

    def __init__(self, root, rel):
        self.rel = rel
        with open(os.path.join(root, rel), encoding='utf-8',
                  errors='replace') as f:
            self.text = f.read()
        self.lines = self.text.split('\n')
        if self.lines and self.lines[-1] == '':
            self.lines.pop()
        self.dir, base = os.path.split(rel)
        self.stem, self.ext = os.path.splitext(base)
        self._strip()
        self._includes()
        self._tokenize()

    def _strip(self):
        """Blank comments and string/char literal contents; record where
        each comment starts and ends (1-based lines)."""
        t = self.text
        out = []
        self.comments = []		# (first line, last line)
        i, n, line = 0, len(t), 1
        while i < n:
            c = t[i]
            if c == '/' and t.startswith('/*', i):
                j = t.find('*/', i + 2)
                j = n if j == -1 else j + 2
                body = t[i:j]
                self.comments.append((line, line + body.count('\n')))
                out.append(re.sub(r'[^\n]', ' ', body))
                line += body.count('\n')
                i = j
            elif c == '/' and t.startswith('//', i):
                j = t.find('\n', i)
                j = n if j == -1 else j
                self.comments.append((line, line))
                out.append(' ' * (j - i))
                i = j
            elif c in '"\'':
                j = i + 1
                while j < n and t[j] != c and t[j] != '\n':
                    j += 2 if t[j] == '\\' else 1
                j = min(j + 1, n)
                body = t[i:j]
                out.append(c + re.sub(r'[^\n]', ' ', body[1:-1]) +
                           body[-1:] if len(body) > 1 else body)
                line += body.count('\n')
                i = j
            else:
                if c == '\n':
                    line += 1
                out.append(c)
                i += 1
        code = ''.join(out).split('\n')
        # Preprocessor lines, with their continuations, are not C.
        self.pp = set()
        self.blanked_pp = {}	# line -> that line with comments blanked
        cont = False
        for k, s in enumerate(code):
            if cont or s.lstrip().startswith('#'):
                self.pp.add(k + 1)
                self.blanked_pp[k + 1] = s
                cont = s.rstrip().endswith('\\')
                code[k] = ' ' * len(s)
        self.code = code

    def _includes(self):
        """Includes from the raw lines, where the stripped code shows a
        directive (so that one inside a comment does not count)."""
        self.quoted = []		# (line, "Y.h")
        self.system = []		# (line, <sys/x.h>)
        for k in sorted(self.pp):
            code = self.blanked_pp.get(k, '')
            raw = self.lines[k - 1] if k - 1 < len(self.lines) else ''
            col = code.find('#')
            if col == -1:
                continue
            m = re.match(r'#\s*include\s*([<"])([^>"]+)[>"]', raw[col:])
            if m is not None:
                (self.quoted if m.group(1) == '"' else
                 self.system).append((k, m.group(2)))

    def _tokenize(self):
        self.toks = []		# (text, line, col)
        tok = re.compile(r'[A-Za-z_]\w*|\d[\w.]*|->|\.\.\.|"[^"\n]*"|'
                         r"'[^'\n]*'|\S")
        for k, s in enumerate(self.code):
            for m in tok.finditer(s):
                self.toks.append((m.group(0), k + 1, m.start()))

    def comment_ending_on(self, line):
        """Is there a comment block (alone on its lines) ending on line?"""
        for a, b in self.comments:
            if b == line and all(not self.code[k - 1].strip() and
                                 k not in self.pp for k in range(a, b + 1)):
                return True
        return False


def match_close(toks, i, o, c):
    depth = 0
    for j in range(i, len(toks)):
        if toks[j][0] == o:
            depth += 1
        elif toks[j][0] == c:
            depth -= 1
            if depth == 0:
                return j
    return len(toks) - 1


def strip_attrs(toks):
    """Drop __attribute__((...)) and the like (they hide parentheses)."""
    out, i = [], 0
    while i < len(toks):
        if toks[i][0] in ATTRS and i + 1 < len(toks) and \
                toks[i + 1][0] == '(':
            i = match_close(toks, i + 1, '(', ')') + 1
            continue
        out.append(toks[i])
        i += 1
    return out


def declarator_name(toks):
    """The name of the function a top-level declaration declares or
    defines, or None (variable, function pointer, type, macro call)."""
    toks = strip_attrs(toks)
    words = [t[0] for t in toks]
    if 'typedef' in words:
        return None
    for i, w in enumerate(words):
        if w == '{':
            return None		# struct/enum body or initializer first
        if w in ('=', '['):
            return None		# an initialised variable, an array
        if w != '(':
            continue
        if i + 1 < len(words) and words[i + 1] in ('*', '^'):
            # (*name)(...) is a pointer; (*name(args))(...) a function
            # returning one.
            j = match_close(toks, i, '(', ')')
            inner = words[i + 1:j]
            for k in range(len(inner) - 1):
                if re.match(r'[A-Za-z_]\w*$', inner[k]) and \
                        inner[k + 1] == '(':
                    return inner[k]
            return None
        if i == 0:
            return None
        name = words[i - 1]
        if not re.match(r'[A-Za-z_]\w*$', name) or name in NOT_FUNCS:
            return None
        if i - 1 == 0:
            return None		# FOO(x); at file scope: a macro
        return name
    return None


class Item:
    """A top-level declaration or function definition."""

    def __init__(self, kind, toks, body=None):
        self.kind = kind		# 'decl' or 'def'
        self.toks = toks
        self.body = body		# (first, last) token of a definition
        self.first = toks[0][1] if toks else 0
        self.name = declarator_name(toks)
        self.static = any(t[0] == 'static' for t in toks)


def top_items(src):
    """Split a file into top-level items; brace groups that are not
    function bodies stay inside their declaration."""
    toks = src.toks
    items, cur, i = [], [], 0
    while i < len(toks):
        w = toks[i][0]
        if w == '{':
            j = match_close(toks, i, '{', '}')
            plain = strip_attrs(cur)
            if plain and plain[-1][0] == ')' and \
                    not any(t[0] == '=' for t in plain) and \
                    declarator_name(cur) is not None:
                it = Item('def', cur, (i, j))
                it.last = toks[j][1]
                items.append(it)
                cur = []
            else:
                cur.extend(toks[i:j + 1])
            i = j + 1
            continue
        if w == ';':
            if cur:
                it = Item('decl', cur)
                it.last = toks[i][1]
                items.append(it)
            cur = []
        else:
            cur.append(toks[i])
        i += 1
    return items


class Tree:
    def __init__(self, root):
        self.root = root
        self.files = {}
        for top in SCAN:
            path = os.path.join(root, top)
            if os.path.isfile(path):
                self._add(top)
            elif os.path.isdir(path):
                for d, dirs, names in os.walk(path):
                    dirs.sort()
                    for nm in sorted(names):
                        if nm.endswith(('.c', '.h')):
                            self._add(os.path.relpath(
                                os.path.join(d, nm), root))
        self.items = {rel: top_items(s) for rel, s in self.files.items()}
        # module stem -> {'.c': rel, '.h': rel}
        self.modules = {}
        self.dups = []
        for rel in sorted(self.files):
            s = self.files[rel]
            m = self.modules.setdefault(s.stem, {})
            if s.ext in m:
                self.dups.append((m[s.ext], rel))
                continue
            m[s.ext] = rel
        # function name -> [(rel, static)] of its definitions
        self.defs = {}
        for rel, its in self.items.items():
            if rel.endswith('.c'):
                for it in its:
                    if it.kind == 'def' and it.name:
                        self.defs.setdefault(it.name, []).append(
                            (rel, it.static))

    def _add(self, rel):
        self.files[rel] = Source(self.root, rel)

    def graph(self):
        """Module -> {module: first (file, line) of such an include}."""
        g = {m: {} for m in self.modules}
        for rel in sorted(self.files):
            s = self.files[rel]
            for line, inc in s.quoted:
                y = os.path.splitext(os.path.basename(inc))[0]
                if y == s.stem or y not in self.modules or \
                        '.h' not in self.modules[y]:
                    continue
                g[s.stem].setdefault(y, (rel, line))
        return g


class Report:
    def __init__(self):
        self.passed = 0
        self.failed = []

    def ok(self, cond, msg):
        if cond:
            self.passed += 1
        else:
            self.failed.append(msg)
        return cond


def sccs(g):
    """Tarjan's strongly connected components, iteratively."""
    index, low, on, stack, out = {}, {}, set(), [], []
    counter = [0]
    for v0 in sorted(g):
        if v0 in index:
            continue
        work = [(v0, iter(sorted(g[v0])))]
        index[v0] = low[v0] = counter[0]
        counter[0] += 1
        stack.append(v0)
        on.add(v0)
        while work:
            v, it = work[-1]
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter[0]
                    counter[0] += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(g[w]))))
                    break
                if w in on:
                    low[v] = min(low[v], index[w])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[v])
                if low[v] == index[v]:
                    comp = []
                    while True:
                        w = stack.pop()
                        on.discard(w)
                        comp.append(w)
                        if w == v:
                            break
                    out.append(sorted(comp))
    return out


def shortest_cycle(g, start, comp):
    """The shortest path start -> ... -> start inside comp (BFS)."""
    prev = {start: None}
    queue = [start]
    for v in queue:
        for w in sorted(g[v]):
            if w not in comp:
                continue
            if w == start:
                path = [v]
                while prev[path[-1]] is not None:
                    path.append(prev[path[-1]])
                path.reverse()
                return path
            if w not in prev:
                prev[w] = v
                queue.append(w)
    return None


def cycles(g):
    """Every SCC's distinct shortest cycles (one through each member),
    each rotated to start at its smallest module."""
    found = []
    for comp in sccs(g):
        if len(comp) < 2:
            continue
        cs = set(comp)
        seen = set()
        for v in comp:
            c = shortest_cycle(g, v, cs)
            if c is None:
                continue
            k = c.index(min(c))
            c = tuple(c[k:] + c[:k])
            if c not in seen:
                seen.add(c)
                found.append(list(c))
    return found


def check_graph(t, r):
    g = t.graph()
    for a, b in t.dups:
        r.ok(False, '%s: same module name as %s (X.c + X.h = module X)'
             % (b, a))
    cyc = cycles(g)
    for c in cyc:
        where = []
        for a, b in zip(c, c[1:] + c[:1]):
            where.append('%s:%d' % g[a][b])
        r.ok(False, 'cycle: %s (%s)' % (' -> '.join(c + c[:1]),
                                        ', '.join(where)))
    in_cycle = {m for c in cyc for m in c}
    for m in g:
        if m not in in_cycle:
            r.passed += 1


def header_decls(t, rel):
    return [it for it in t.items[rel]
            if it.kind == 'decl' and it.name is not None]


def check_headers(t, r):
    for rel in sorted(t.files):
        s = t.files[rel]
        if s.ext != '.h':
            continue
        mod = t.modules.get(s.stem, {})
        own = mod.get('.c')
        for it in t.items[rel]:
            if it.kind == 'def' and it.name:
                r.ok(False, '%s:%d: %s() is defined in a header' %
                     (rel, it.first, it.name))
        for it in header_decls(t, rel):
            where = [d for d in t.defs.get(it.name, []) if not d[1]]
            elsewhere = ', '.join(d[0] for d in where if d[0] != own)
            elsewhere = ' (defined in %s)' % elsewhere if elsewhere else ''
            if own is None:
                r.ok(False, '%s:%d: %s() declared, but there is no %s.c%s'
                     % (rel, it.first, it.name, s.stem, elsewhere))
            elif (own, False) not in t.defs.get(it.name, []):
                how = 'static in' if (own, True) in \
                    t.defs.get(it.name, []) else 'not defined in'
                r.ok(False, '%s:%d: %s() declared, but %s %s%s'
                     % (rel, it.first, it.name, how, own, elsewhere))
            else:
                r.passed += 1


def check_comments(t, r):
    for rel in sorted(t.files):
        s = t.files[rel]
        if s.ext != '.h':
            continue
        decls = header_decls(t, rel)
        by_last = {it.last: it for it in decls}
        for it in decls:
            cur, ok = it, False
            while True:
                above = cur.first - 1
                if s.comment_ending_on(above):
                    ok = True
                    break
                prev = by_last.get(above)
                if prev is None or prev is cur:
                    break
                cur = prev
            r.ok(ok, '%s:%d: %s() has no contract comment above it' %
                 (rel, it.first, it.name))


def check_sizes(t, r):
    for rel in sorted(t.files):
        s = t.files[rel]
        r.ok(len(s.lines) <= MAX_FILE_LINES, '%s: %d lines (at most %d)'
             % (rel, len(s.lines), MAX_FILE_LINES))
        for it in t.items[rel]:
            if it.kind != 'def':
                continue
            # From the line of the name (KNF: column 0) to the '}'.
            name_line = next((tk[1] for tk in it.toks
                              if tk[0] == it.name), it.first)
            n = it.last - name_line + 1
            r.ok(n <= MAX_FUNC_LINES, '%s:%d: %s() is %d lines (at most %d)'
                 % (rel, name_line, it.name, n, MAX_FUNC_LINES))


def meson_files(text, var):
    """The quoted file names of "var = files(...)" in a meson.build."""
    text = re.sub(r'#[^\n]*', '', text)
    m = re.search(r'\b%s\s*=\s*files\(([^)]*)\)' % re.escape(var), text)
    if m is None:
        return None
    return re.findall(r"'([^']*)'", m.group(1))


def meson_calls(text, fn):
    """The argument texts of every fn(...) call (parentheses balanced)."""
    text = re.sub(r"#[^\n']*(?=\n)", '', text)
    out = []
    for m in re.finditer(r'\b%s\s*\(' % re.escape(fn), text):
        i, depth = m.end() - 1, 0
        for j in range(i, len(text)):
            if text[j] == '(':
                depth += 1
            elif text[j] == ')':
                depth -= 1
                if depth == 0:
                    out.append((text.count('\n', 0, m.start()) + 1,
                                text[i + 1:j]))
                    break
    return out


def check_core(t, r):
    path = os.path.join(t.root, 'meson.build')
    try:
        with open(path, encoding='utf-8') as f:
            top = f.read()
    except OSError:
        r.ok(False, 'meson.build: cannot be read')
        return
    core = meson_files(top, 'core_src')
    if not r.ok(core is not None, 'meson.build: no core_src = files(...)'):
        return
    core = set(core)
    for rel in sorted(core):
        if not r.ok(rel in t.files, 'meson.build: core_src names %s, which '
                    'is not a scanned source' % rel):
            continue
        s = t.files[rel]
        bad = []
        for line, inc, via in include_closure(t, s):
            how = ' (via %s)' % ' -> '.join(via) if via else ''
            if inc.startswith('<'):
                if inc[1:-1] in IO_HEADERS_SYSTEM:
                    bad.append('%s:%d: pure file includes %s%s' %
                               (rel, line, inc, how))
                continue
            base = os.path.basename(inc)
            y = os.path.splitext(base)[0]
            yc = t.modules.get(y, {}).get('.c')
            if base in IO_HEADERS_QUOTED:
                bad.append('%s:%d: pure file includes I/O header "%s"%s' %
                           (rel, line, inc, how))
            elif yc is not None and yc not in core:
                bad.append('%s:%d: pure file includes "%s" of %s, which '
                           'is not in core_src%s' % (rel, line, inc, yc, how))
        toks = s.toks
        for i, (w, line, _) in enumerate(toks):
            if w in IO_CALLS and i + 1 < len(toks) and \
                    toks[i + 1][0] == '(' and \
                    (i == 0 or toks[i - 1][0] not in ('.', '->')):
                bad.append('%s:%d: pure file calls %s()' % (rel, line, w))
        bad.extend(globals_of(s, t.items[rel]))
        for b in bad:
            r.ok(False, b)
        if not bad:
            r.passed += 1
    check_test_links(t, r, top, core)


def include_closure(t, s):
    """Every header s includes, directly or through headers of the tree:
    (line of the include in s that leads there, "x.h" or <x.h>, the
    headers in between)."""
    out, seen = [], set()
    todo = [(line, inc, []) for line, inc in s.quoted]
    out.extend((line, '<%s>' % inc, []) for line, inc in s.system)
    while todo:
        line, inc, via = todo.pop(0)
        base = os.path.basename(inc)
        if base in seen:
            continue
        seen.add(base)
        out.append((line, inc, via))
        h = t.modules.get(os.path.splitext(base)[0], {}).get('.h')
        if h is None or os.path.basename(h) != base or h == s.rel:
            continue
        hs = t.files[h]
        todo.extend((line, i, via + [base]) for _, i in hs.quoted)
        out.extend((line, '<%s>' % i, via + [base]) for _, i in hs.system)
    return out


def globals_of(s, items):
    """Writable variables with static storage: file scope (not extern) and
    static locals; const anywhere in the declaration is taken as read-only
    (a table of pointers to const is how the tree writes its tables)."""
    out = []
    for it in items:
        if it.kind == 'decl' and it.name is None:
            words = [x[0] for x in strip_attrs(it.toks)]
            if {'typedef', 'extern', 'const', '_Static_assert',
                    'static_assert'} & set(words):
                continue
            # struct x; / struct x {...}; / enum {...}; declare no object.
            if words[-1] == '}' or (len(words) == 2 and words[0] in
                                    ('struct', 'union', 'enum')):
                continue
            out.append('%s:%d: pure file has a writable global' %
                       (s.rel, it.first))
        elif it.kind == 'def':
            a, b = it.body
            stmt_start = True
            for k in range(a + 1, b):
                w = s.toks[k][0]
                if stmt_start and w == 'static':
                    end = k
                    while end < b and s.toks[end][0] != ';':
                        end += 1
                    if 'const' not in [x[0] for x in s.toks[k:end]]:
                        out.append('%s:%d: pure file has a writable '
                                   'static local in %s()' %
                                   (s.rel, s.toks[k][1], it.name))
                stmt_start = w in (';', '{', '}')
    return out


def check_test_links(t, r, top, core):
    path = os.path.join(t.root, 'tests', 'meson.build')
    try:
        with open(path, encoding='utf-8') as f:
            tests = f.read()
    except OSError:
        r.ok(False, 'tests/meson.build: cannot be read')
        return
    text = re.sub(r'#[^\n]*', '', top + '\n' + tests)
    corelibs = set(re.findall(r"(\w+)\s*=\s*static_library\(\s*'[^']*'\s*,"
                              r"\s*core_src\b", text))
    if not r.ok(corelibs, 'meson.build: no static_library(..., core_src)'):
        return
    for line, args in meson_calls(tests, 'executable'):
        bad = []
        m = re.search(r'\blink_with\s*:\s*(\[[^\]]*\]|\w+)', args)
        libs = re.findall(r'\w+', m.group(1)) if m else []
        if not libs:
            bad.append('links no core library')
        for lib in libs:
            if lib not in corelibs:
                bad.append('links %s, not the core library' % lib)
        for word in ('io_src', 'smtpcli', 'libedit', 'cares'):
            if re.search(r'\b%s\b' % word, args):
                bad.append('uses %s' % word)
        for f in re.findall(r"'([^']*\.c)'", args):
            if f.startswith('../') and os.path.normpath(
                    os.path.join('tests', f)) not in core:
                bad.append('builds %s, which is not in core_src' % f)
        name = args.split(',')[0].strip()
        for b in bad:
            r.ok(False, 'tests/meson.build:%d: executable(%s) %s' %
                 (line, name, b))
        if not bad:
            r.passed += 1


# What connecting is: the front end (smtpcli.c) leaves it to cmd/conn/.
CONNECT_CALLS = re.compile(r'^(client_(new|new_like|connect|attach|'
                           r'starttls|set_prelude)|resolver_\w+|'
                           r'transport_\w+|probe_\w+|mxplan_\w+|'
                           r'target_parse|tlsrun_handshake)$')


def check_front(t, r):
    """smtpcli.c holds options, the mode and the exit: no connection code."""
    s = t.files.get('smtpcli.c')
    if not r.ok(s is not None, 'smtpcli.c: not found'):
        return
    bad = []
    for i, (w, line, _) in enumerate(s.toks):
        if CONNECT_CALLS.match(w) and i + 1 < len(s.toks) and \
                s.toks[i + 1][0] == '(':
            bad.append('smtpcli.c:%d: %s() is connection code (cmd/conn/)'
                       % (line, w))
    for b in bad:
        r.ok(False, b)
    if not bad:
        r.passed += 1


def check_architecture(t, r):
    """ARCHITECTURE.md stays true: every source file it names exists."""
    path = os.path.join(t.root, 'ARCHITECTURE.md')
    try:
        with open(path, encoding='utf-8') as f:
            text = f.read()
    except OSError:
        r.ok(False, 'ARCHITECTURE.md: cannot be read')
        return
    names = set(re.findall(r'\b([a-z][a-z0-9_]*\.[ch])\b', text))
    have = set()
    for top, dirs, files in os.walk(t.root):
        dirs[:] = [d for d in dirs if not d.startswith(('.', 'build'))]
        have.update(files)
    for n in sorted(names):
        r.ok(n in have, 'ARCHITECTURE.md names %s, which is not in the tree'
             % n)


def run(root):
    t = Tree(root)
    r = Report()
    check_graph(t, r)
    check_headers(t, r)
    check_comments(t, r)
    check_sizes(t, r)
    check_core(t, r)
    check_front(t, r)
    check_architecture(t, r)
    return t, r


def print_graph(t):
    g = t.graph()
    comp_of = {}
    for comp in sccs(g):
        for m in comp:
            comp_of[m] = tuple(comp)
    layer = {}

    def depth(c):
        if c in layer:
            return layer[c]
        deps = {comp_of[y] for m in c for y in g[m]} - {c}
        layer[c] = 1 + max((depth(d) for d in deps), default=-1)
        return layer[c]

    for c in set(comp_of.values()):
        depth(c)
    top = max(layer.values(), default=-1)
    for n in range(top, -1, -1):
        print('layer %d:' % n)
        for c in sorted(c for c in layer if layer[c] == n):
            for m in c:
                files = ' '.join(t.modules[m][e] for e in ('.c', '.h')
                                 if e in t.modules[m])
                deps = ' '.join(sorted(g[m]))
                cyc = '  (cycle: %s)' % ' '.join(c) if len(c) > 1 else ''
                print('  %-12s %s%s%s' % (m, files,
                                          ' -> ' + deps if deps else '',
                                          cyc))


def self_test(root):
    fixture = os.path.join(root, 'tests', 'structure')
    with open(os.path.join(fixture, 'expected.txt'), encoding='utf-8') as f:
        want = [ln.rstrip('\n') for ln in f
                if ln.strip() and not ln.startswith('#')]
    t, r = run(fixture)
    got = r.failed
    bad = 0
    # The graph in layers: the circle shares a layer, low is at the bottom.
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        print_graph(t)
    layers = out.getvalue()
    for want_line in (r'(?m)^layer 0:\n(  .*\n)*  low ',
                      r'cycb\.h -> cyca  \(cycle: cyca cycb\)',
                      r'(?m)^layer 1:\n(  .*\n)*  shared +net/shared\.h '
                      r'-> low\n'):
        if re.search(want_line, layers) is None:
            print('--graph: no match for %s in:\n%s' % (want_line, layers))
            bad += 1
    for w in want:
        if w not in got:
            print('not found: %s' % w)
            bad += 1
    for g in got:
        if g not in want:
            print('unexpected: %s' % g)
            bad += 1
    found = len([w for w in want if w in got])
    print('%d passed, %d failed' % (found, bad))
    return 1 if bad else 0


def main(argv):
    args = [a for a in argv[1:] if not a.startswith('--')]
    opts = [a for a in argv[1:] if a.startswith('--')]
    if len(args) > 1 or set(opts) - {'--graph', '--self-test'}:
        sys.stderr.write(__doc__)
        return 2
    root = args[0] if args else os.path.dirname(
        os.path.dirname(os.path.abspath(__file__)))
    if '--self-test' in opts:
        return self_test(root)
    t, r = run(root)
    if '--graph' in opts:
        print_graph(t)
        return 0
    for f in r.failed:
        print(f)
    print('%d passed, %d failed' % (r.passed, len(r.failed)))
    return 1 if r.failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
