package dev.syncmetrics.mapping;

import dev.syncmetrics.mapping.JqTree.Kind;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Resolves a program's names lexically, as jq 1.6 does when it compiles it, and reports what jq
 * reports then: {@code roundd/0 is not defined}, {@code $x is not defined}, {@code $*label-x is not
 * defined} (a {@code break} without its {@code label}), {@code Cannot use number (0) as object key}
 * and {@code Division by zero?}. jackson-jq would only notice these when the expression runs.
 *
 * <p>A function is visible in its own body and in the expression after its definition; a parameter
 * {@code f} in the body as a function {@code f/0}, a parameter {@code $x} as both {@code $x} and
 * {@code x/0}; a variable in the body after {@code as} (in a reduce or foreach, the update and
 * extract); a label in the expression after {@code label $name |}. jackson-jq looks functions up
 * when they run, in scopes that a later definition of the same name can change; so a definition
 * that hides another one (or a builtin) gets a fresh name ({@link Names}), and {@code def f: 1; def
 * g: f; def f: 2; g} gives 1, as in jq. As jq does, the names in a function's body are checked only
 * if the function is called: {@code def f: nosuch; 1} compiles.
 */
final class JqNameCheck {
  private static final String NO_LIBM = "Java has no exact equivalent of this libm function";

  /** Why a jq 1.6 builtin is missing here, for the error that names it. */
  private static final Map<String, String> LEFT_OUT =
      Map.ofEntries(
          Map.entry("env/0", "mappings cannot read the catalog's environment"),
          Map.entry("input/0", "a mapping has one input, the payload"),
          Map.entry("inputs/0", "a mapping has one input, the payload"),
          Map.entry("input_filename/0", "a mapping has one input, the payload"),
          Map.entry("halt/0", "a mapping cannot stop the catalog"),
          Map.entry("halt_error/0", "a mapping cannot stop the catalog"),
          Map.entry("halt_error/1", "a mapping cannot stop the catalog"),
          Map.entry("modulemeta/0", "mappings have no modules"),
          Map.entry("get_search_list/0", "mappings have no modules"),
          Map.entry("get_prog_origin/0", "mappings have no modules"),
          Map.entry("get_jq_origin/0", "mappings have no modules"),
          Map.entry("gamma/0", NO_LIBM),
          Map.entry("lgamma/0", NO_LIBM),
          Map.entry("tgamma/0", NO_LIBM),
          Map.entry("lgamma_r/0", NO_LIBM),
          Map.entry("erf/0", NO_LIBM),
          Map.entry("erfc/0", NO_LIBM),
          Map.entry("j0/0", NO_LIBM),
          Map.entry("j1/0", NO_LIBM),
          Map.entry("y0/0", NO_LIBM),
          Map.entry("y1/0", NO_LIBM),
          Map.entry("jn/2", NO_LIBM),
          Map.entry("yn/2", NO_LIBM));

  /** The names a program's definitions and calls get in the program jackson-jq runs. */
  static final class Names {
    private final Map<JqTree, String> renamed = new IdentityHashMap<>();

    /** The name to print for a DEF or CALL node. */
    String of(JqTree defOrCall) {
      return renamed.getOrDefault(defOrCall, defOrCall.name);
    }
  }

  /** A function in scope: a definition, or a parameter ({@code def} null). */
  private record Fn(String name, int arity, JqTree def, Body body, Fn next) {}

  /**
   * A definition's body and the scope it sees. jq checks the names in a body only when the function
   * is called (it drops unused definitions first), so the body is checked on first call.
   */
  private static final class Body {
    final JqTree tree;
    final Name labels;
    Fn fns; // set once the definition itself is in scope: it is in its own body
    Name vars;
    boolean checked;

    Body(JqTree tree, Name labels) {
      this.tree = tree;
      this.labels = labels;
    }
  }

  /** A variable or label in scope. */
  private record Name(String name, Name next) {}

  private final BiPredicate<String, Integer> builtin;
  private final Set<String> taken;
  private final Names names = new Names();
  private int fresh;

  private JqNameCheck(BiPredicate<String, Integer> builtin, Set<String> taken) {
    this.builtin = builtin;
    this.taken = taken;
  }

  /**
   * Checks {@code tree}.
   *
   * @param builtin whether a function of that name and arity is defined outside the program
   * @param taken every name the program uses, which a fresh name must not be
   * @throws JqCompileException with the first problem, in jq's words
   */
  static Names check(JqTree tree, BiPredicate<String, Integer> builtin, Set<String> taken) {
    constants(tree);
    JqNameCheck check = new JqNameCheck(builtin, taken);
    check.walk(tree, null, null, null);
    return check.names;
  }

  private void walk(JqTree n, Fn fns, Name vars, Name labels) {
    switch (n.kind) {
      case DEF -> definition(n, fns, vars, labels);
      case CALL -> {
        Fn f = lookup(fns, n.name, n.children.size());
        if (f == null && !builtin.test(n.name, n.children.size())) {
          String key = n.name + "/" + n.children.size();
          String why = LEFT_OUT.get(key);
          throw new JqCompileException(key + " is not defined" + (why == null ? "" : ": " + why));
        }
        if (f != null && f.def() != null) {
          names.renamed.put(n, names.of(f.def()));
          Body body = f.body();
          if (!body.checked) {
            body.checked = true;
            walk(body.tree, body.fns, body.vars, body.labels);
          }
        }
        walkAll(n.children, fns, vars, labels);
      }
      case VARIABLE -> {
        if (!bound(vars, n.name)) {
          throw new JqCompileException(
              "$"
                  + n.name
                  + " is not defined"
                  + (n.name.equals("ENV")
                      ? ": mappings cannot read the catalog's environment"
                      : ""));
        }
      }
      case FORMAT -> format(n.name);
      case TEMPLATE -> {
        if (n.name != null) {
          format(n.name);
        }
        walkAll(n.children, fns, vars, labels);
      }
      case LABEL -> walk(n.child(0), fns, vars, new Name(n.name, labels));
      case BREAK -> {
        if (!bound(labels, n.name)) {
          throw new JqCompileException("$*label-" + n.name + " is not defined");
        }
      }
      case AS -> {
        walk(n.child(0), fns, vars, labels);
        Name inner = bindPatterns(n.patterns, fns, vars, labels);
        walk(n.child(1), fns, inner, labels);
      }
      case REDUCE, FOREACH -> {
        walk(n.child(0), fns, vars, labels);
        Name inner = bindPatterns(n.patterns, fns, vars, labels);
        walk(n.child(1), fns, vars, labels);
        for (int i = 2; i < n.children.size(); i++) {
          walk(n.child(i), fns, inner, labels);
        }
      }
      default -> walkAll(n.children, fns, vars, labels);
    }
  }

  private void walkAll(List<JqTree> nodes, Fn fns, Name vars, Name labels) {
    for (JqTree child : nodes) {
      walk(child, fns, vars, labels);
    }
  }

  private void definition(JqTree n, Fn fns, Name vars, Name labels) {
    int arity = n.params.size();
    if (lookup(fns, n.name, arity) != null || builtin.test(n.name, arity)) {
      names.renamed.put(n, freshName(n.name));
    }
    Body body = new Body(n.child(0), labels);
    Fn self = new Fn(n.name, arity, n, body, fns);
    Fn bodyFns = self;
    Name bodyVars = vars;
    for (String p : n.params) {
      String name = p.startsWith("$") ? p.substring(1) : p;
      bodyFns = new Fn(name, 0, null, null, bodyFns);
      if (p.startsWith("$")) {
        bodyVars = new Name(name, bodyVars);
      }
    }
    body.fns = bodyFns;
    body.vars = bodyVars;
    if (n.children.size() > 1) {
      walk(n.child(1), self, vars, labels);
    }
  }

  /** jq's compile-time errors about constants, found wherever they are. */
  private static void constants(JqTree n) {
    String problem = null;
    if (n.is(Kind.ENTRY) && n.name == null && n.child(0).is(Kind.PAREN)) {
      problem = JqConstants.badKey(n.child(0));
    } else if (n.is(Kind.PENTRY) && !n.children.isEmpty() && n.child(0).is(Kind.PAREN)) {
      problem = JqConstants.badKey(n.child(0));
    } else if (JqConstants.infiniteQuotient(n)) {
      problem = "Division by zero?";
    }
    if (problem != null) {
      throw new JqCompileException(problem);
    }
    for (JqTree child : n.children) {
      constants(child);
    }
    for (JqTree pattern : n.patterns) {
      constants(pattern);
    }
  }

  /** Checks the patterns' key expressions; returns the scope with every variable they bind. */
  private Name bindPatterns(List<JqTree> patterns, Fn fns, Name vars, Name labels) {
    List<String> bound = new ArrayList<>();
    for (JqTree p : patterns) {
      variables(p, bound);
    }
    Name inner = vars;
    for (String v : bound) {
      inner = new Name(v, inner);
    }
    for (JqTree p : patterns) {
      patternKeys(p, fns, inner, labels);
    }
    return inner;
  }

  /** The variables a pattern binds, in order. */
  static void variables(JqTree pattern, List<String> out) {
    if ((pattern.is(Kind.PVAR) || pattern.is(Kind.PENTRY)) && pattern.name != null) {
      if (!out.contains(pattern.name)) {
        out.add(pattern.name);
      }
    }
    for (JqTree child : pattern.children) {
      if (isPattern(child)) {
        variables(child, out);
      }
    }
  }

  static boolean isPattern(JqTree n) {
    return n.is(Kind.PVAR) || n.is(Kind.PARRAY) || n.is(Kind.POBJECT) || n.is(Kind.PENTRY);
  }

  private void patternKeys(JqTree pattern, Fn fns, Name vars, Name labels) {
    for (JqTree child : pattern.children) {
      if (child.is(Kind.PAREN)) {
        walk(child, fns, vars, labels);
      } else if (child.is(Kind.TEMPLATE) || child.is(Kind.STRING)) {
        walk(child, fns, vars, labels);
      } else {
        patternKeys(child, fns, vars, labels);
      }
    }
  }

  private void format(String name) {
    if (!builtin.test("@" + name, 0)) {
      throw new JqCompileException("@" + name + " is not a valid format");
    }
  }

  private static Fn lookup(Fn fns, String name, int arity) {
    for (Fn f = fns; f != null; f = f.next()) {
      if (f.arity() == arity && f.name().equals(name)) {
        return f;
      }
    }
    return null;
  }

  private static boolean bound(Name names, String name) {
    if (name.equals("__loc__")) {
      return true;
    }
    for (Name v = names; v != null; v = v.next()) {
      if (v.name().equals(name)) {
        return true;
      }
    }
    return false;
  }

  private String freshName(String base) {
    String name;
    do {
      name = "_" + base + "_" + (++fresh);
    } while (taken.contains(name) || builtin.test(name, 0));
    taken.add(name);
    return name;
  }
}
