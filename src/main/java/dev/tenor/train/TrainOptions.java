package dev.tenor.train;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenor.io.BadInputException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@link TrainConfig}'s options, read from its {@link TrainOption} annotations: parsing and validating typed
 * text, defaults, building a configuration, and writing one back as command-line arguments or JSON. Every
 * face of training (the command, the form, {@code args.json}, a child process) goes through here.
 */
public final class TrainOptions {

    /**
     * One option.
     *
     * @param name the record component's name, also the form's key
     * @param type the component's type (for a list: {@code List})
     * @param element a list's element type; otherwise the type itself
     */
    public record Spec(String name, TrainOption option, Class<?> type, Class<?> element) {

        public String flag() {
            return option.flag();
        }

        public String label() {
            return option.label();
        }

        public String help() {
            return option.help();
        }

        /** The default as the user types it; empty when there is none. */
        public String defaultValue() {
            return option.defaultValue();
        }

        public boolean hasDefault() {
            return !option.defaultValue().equals(TrainOption.NONE);
        }

        public TrainOption.Section section() {
            return option.section();
        }

        public boolean repeatable() {
            return type == List.class;
        }

        public boolean number() {
            return element == int.class || element == long.class || element == double.class
                    || element == float.class;
        }

        public boolean whole() {
            return element == int.class || element == long.class;
        }

        public boolean flagOnly() {
            return element == boolean.class;
        }

        /** A closed set of values (an enum's, as typed), or empty for free text and numbers. */
        public List<String> choices() {
            if (!element.isEnum()) {
                return List.of();
            }
            return Arrays.stream(element.getEnumConstants()).map(TrainOptions::text).toList();
        }

        /** The key in {@code args.json}: the name in snake case. */
        public String jsonKey() {
            return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
        }

        public String paramLabel() {
            if (!option.paramLabel().isEmpty()) {
                return option.paramLabel();
            }
            if (element.isEnum()) {
                return String.join("|", choices());
            }
            return whole() ? "N" : number() ? "X" : "VALUE";
        }

        /** {@code --help}'s and the form's help: the sentence, its default and the seed recipe's value. */
        public String fullHelp() {
            StringBuilder b = new StringBuilder(help());
            if (hasDefault()) {
                b.append(" Default: ").append(defaultValue()).append('.');
            }
            if (!option.seedValue().isEmpty()) {
                b.append(" With --recipe seed: ").append(option.seedValue()).append('.');
            }
            return b.toString();
        }
    }

    public static final List<Spec> ALL = specs();

    /** The option that chooses the defaults' recipe ({@link TrainOption#seedValue()}). */
    public static final String RECIPE = "recipe";

    private static final Constructor<TrainConfig> CANONICAL = canonical();

    private TrainOptions() {
    }

    /** The option named {@code name} (a component name). */
    public static Spec spec(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no training option " + name));
    }

    /**
     * Why {@code text} is not a valid value of {@code s}, or null when it is; blank text is valid only for
     * options that may stay unset. The message does not name the option: callers prefix flag or label.
     */
    public static String problem(Spec s, String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            return s.hasDefault() || !s.option().required() ? null : "is required";
        }
        try {
            checkRange(s, parse(s, t));
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /**
     * A configuration from values by component name: typed values, their text, or (for a repeatable
     * option) a collection of either. Absent or blank values take the default. Throws
     * {@link IllegalArgumentException} naming the flag of the first bad value.
     */
    public static TrainConfig build(Map<String, ?> values) {
        for (String name : values.keySet()) {
            spec(name);
        }
        Object recipe = value(spec(RECIPE), values.get(RECIPE));
        Object[] args = new Object[ALL.size()];
        for (int i = 0; i < args.length; i++) {
            Spec s = ALL.get(i);
            Object given = values.get(s.name());
            if (recipe == Recipe.SEED && !s.option().seedValue().isEmpty() && (given == null
                    || given instanceof String t && t.isBlank())) {
                given = s.option().seedValue(); // the seed's recipe where it differs from Tenor's default
            }
            try {
                args[i] = value(s, given);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(s.flag() + ": " + e.getMessage(), e);
            }
        }
        try {
            TrainConfig c = CANONICAL.newInstance(args);
            validate(c);
            return c;
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A configuration's values by component name, typed (a modifiable copy). */
    public static Map<String, Object> values(TrainConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        RecordComponent[] parts = TrainConfig.class.getRecordComponents();
        for (RecordComponent p : parts) {
            try {
                m.put(p.getName(), p.getAccessor().invoke(c));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return m;
    }

    /** A value as the user types it: enums in lower case with hyphens, numbers and paths as text. */
    public static String text(Object v) {
        if (v instanceof Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
        return String.valueOf(v);
    }

    /** The text of every value, by component name ("" for unset, a list's elements for a repeatable option). */
    public static Map<String, List<String>> texts(TrainConfig c) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        values(c).forEach((k, v) -> m.put(k, v == null ? List.of() : v instanceof Collection<?> l
                ? l.stream().map(TrainOptions::text).toList() : List.of(text(v))));
        return m;
    }

    /** The arguments of {@code tenor train} that reproduce {@code c} exactly (every set option, in order). */
    public static List<String> arguments(TrainConfig c) {
        List<String> args = new ArrayList<>();
        Map<String, List<String>> texts = texts(c);
        for (Spec s : ALL) {
            for (String v : texts.get(s.name())) {
                args.add(s.flag());
                if (!s.flagOnly()) {
                    args.add(v);
                } else if (!Boolean.parseBoolean(v)) {
                    args.remove(args.size() - 1);
                }
            }
        }
        return args;
    }

    /** {@code args.json}'s fields: snake-case keys, enums as typed, paths as text. */
    public static Map<String, Object> json(TrainConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        values(c).forEach((k, v) -> {
            Spec s = spec(k);
            Object out = v instanceof Collection<?> l ? l.stream().map(TrainOptions::jsonValue).toList()
                    : jsonValue(v);
            m.put(s.jsonKey(), out);
        });
        return m;
    }

    /** A configuration from {@code args.json}'s fields; absent fields (older runs) take their defaults. */
    public static TrainConfig fromJson(JsonNode n, Path file) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Spec s : ALL) {
            JsonNode v = n.get(s.jsonKey());
            if (v == null || v.isNull()) {
                continue;
            }
            if (s.repeatable()) {
                List<String> items = new ArrayList<>();
                v.forEach(x -> items.add(x.asText()));
                m.put(s.name(), items);
            } else {
                m.put(s.name(), v.asText());
            }
        }
        if (!n.has(spec(RECIPE).jsonKey())) {
            // written before --recipe existed: that Tenor trained with what the seed recipe keeps (triplet loss,
            // no merge, no length grouping), so a resumed run goes on as it started whatever today's defaults are
            m.put(RECIPE, Recipe.SEED.name().toLowerCase(java.util.Locale.ROOT));
        }
        try {
            return build(m);
        } catch (IllegalArgumentException e) {
            throw BadInputException.of(file, "invalid training arguments: " + e.getMessage(), e);
        }
    }

    /** Checks required options and every number's range; {@link #build} does, the trainer does again. */
    public static void validate(TrainConfig c) {
        values(c).forEach((k, v) -> {
            Spec s = spec(k);
            if (v == null && s.option().required()) {
                throw new IllegalArgumentException(s.flag() + " is required");
            }
            try {
                checkRange(s, v);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(s.flag() + ": " + e.getMessage(), e);
            }
        });
    }

    private static Object value(Spec s, Object raw) {
        if (s.repeatable()) {
            Collection<?> items = raw == null ? List.of() : raw instanceof Collection<?> c ? c : List.of(raw);
            List<Object> out = new ArrayList<>();
            for (Object item : items) {
                Object v = scalar(s, item);
                if (v != null) {
                    out.add(v);
                }
            }
            return out;
        }
        Object v = scalar(s, raw);
        if (v == null && s.hasDefault()) {
            v = parse(s, s.defaultValue());
        }
        if (v == null && s.element().isPrimitive()) {
            throw new IllegalArgumentException("a value is required");
        }
        return v;
    }

    /** A typed value from a typed value or its text; null for null or blank text. */
    private static Object scalar(Spec s, Object raw) {
        if (raw == null || raw instanceof String t && t.isBlank()) {
            return null;
        }
        if (raw instanceof String t) {
            return parse(s, t.strip());
        }
        if (raw instanceof Number n && s.number()) {
            return convertNumber(s, n);
        }
        if (boxed(s.element()).isInstance(raw)) {
            return raw;
        }
        return parse(s, text(raw));
    }

    private static Object parse(Spec s, String t) {
        Class<?> e = s.element();
        try {
            if (e == int.class) {
                return Integer.parseInt(t);
            }
            if (e == long.class) {
                return Long.parseLong(t);
            }
            if (e == double.class || e == float.class) {
                double d = Double.parseDouble(t);
                if (!Double.isFinite(d)) {
                    throw new IllegalArgumentException("must be a finite number");
                }
                return e == float.class ? (Object) (float) d : (Object) d;
            }
        } catch (NumberFormatException bad) {
            throw new IllegalArgumentException("'" + t + "' is not " + (s.whole() ? "a whole number" : "a number"));
        }
        if (e == boolean.class) {
            if (!t.equalsIgnoreCase("true") && !t.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException("'" + t + "' is not true or false");
            }
            return Boolean.parseBoolean(t.toLowerCase(Locale.ROOT));
        }
        if (e == Path.class) {
            try {
                return Path.of(t);
            } catch (InvalidPathException bad) {
                throw new IllegalArgumentException("'" + t + "' is not a valid path");
            }
        }
        if (e.isEnum()) {
            for (Object c : e.getEnumConstants()) {
                if (text(c).equalsIgnoreCase(t) || ((Enum<?>) c).name().equalsIgnoreCase(t)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("'" + t + "' is not one of " + String.join(", ", s.choices()));
        }
        if (e != String.class) {
            return parseWith(e, t); // a value type of its own, such as MergeAlpha
        }
        return t;
    }

    /** A value of a type with {@code static parse(String)}; its {@code toString()} is the text. */
    private static Object parseWith(Class<?> type, String t) {
        try {
            return type.getMethod("parse", String.class).invoke(null, t);
        } catch (InvocationTargetException bad) {
            if (bad.getCause() instanceof IllegalArgumentException i) {
                throw i;
            }
            throw new IllegalStateException(bad.getCause());
        } catch (ReflectiveOperationException none) {
            throw new IllegalStateException(type + " has no static parse(String)", none);
        }
    }

    private static Object convertNumber(Spec s, Number n) {
        Class<?> e = s.element();
        if (e == int.class) {
            return n.intValue();
        }
        if (e == long.class) {
            return n.longValue();
        }
        return e == float.class ? (Object) n.floatValue() : (Object) n.doubleValue();
    }

    private static void checkRange(Spec s, Object v) {
        if (v instanceof Number n && (n.doubleValue() < s.option().min() || n.doubleValue() > s.option().max())) {
            throw new IllegalArgumentException("must be between " + format(s.option().min()) + " and "
                    + format(s.option().max()) + " (got " + text(v) + ")");
        }
    }

    private static Object jsonValue(Object v) {
        return v == null || v instanceof Number || v instanceof Boolean || v instanceof String ? v : text(v);
    }

    private static Class<?> boxed(Class<?> c) {
        if (!c.isPrimitive()) {
            return c;
        }
        return c == int.class ? Integer.class : c == long.class ? Long.class : c == double.class ? Double.class
                : c == float.class ? Float.class : Boolean.class;
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%g", v).replaceAll("\\.?0+(e|$)", "$1");
    }

    private static List<Spec> specs() {
        List<Spec> out = new ArrayList<>();
        for (RecordComponent p : TrainConfig.class.getRecordComponents()) {
            TrainOption o = p.getAnnotation(TrainOption.class);
            if (o == null) {
                throw new IllegalStateException("TrainConfig." + p.getName() + " has no @TrainOption");
            }
            Class<?> element = p.getType();
            if (p.getType() == List.class) {
                element = (Class<?>) ((ParameterizedType) p.getGenericType()).getActualTypeArguments()[0];
            }
            out.add(new Spec(p.getName(), o, p.getType(), element));
        }
        return List.copyOf(out);
    }

    private static Constructor<TrainConfig> canonical() {
        Class<?>[] types = Arrays.stream(TrainConfig.class.getRecordComponents()).map(RecordComponent::getType)
                .toArray(Class<?>[]::new);
        try {
            return TrainConfig.class.getDeclaredConstructor(types);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }
}
