package dev.tenor.train;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What one {@link TrainConfig} component is to a user: its flag, label, default, range and help. The
 * command line, the workbench form, {@code args.json} and a child process's arguments are all derived from
 * these annotations ({@link TrainOptions}), so an option is added by adding one annotated component.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface TrainOption {

    /** No default: the option is required, or derived from others when absent (see {@link TrainOptions}). */
    String NONE = "";

    /** The command-line flag, e.g. {@code --max-steps}. */
    String flag();

    /** The form's label. */
    String label();

    /** One or two sentences for {@code --help} and the form's tooltip; the default is added to both. */
    String help();

    String defaultValue() default NONE;

    /** Without a default: must be given (true), or may stay unset (false, e.g. an optional file). */
    boolean required() default false;

    /** The value under {@code --recipe seed} (the seed scripts' recipe) when it differs from the default. */
    String seedValue() default "";

    /** Smallest accepted value of a number. */
    double min() default -Double.MAX_VALUE;

    /** Largest accepted value of a number. */
    double max() default Double.MAX_VALUE;

    /** The form's section. */
    Section section() default Section.OPTIMISATION;

    /** {@code --help}'s name for the value, e.g. {@code DIR}; empty: derived from the type. */
    String paramLabel() default "";

    /** Where an option sits in the form. */
    enum Section { DATA, OPTIMISATION, SELECTION, DEVICE, ADVANCED }
}
