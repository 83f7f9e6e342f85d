package io.liondg.processor;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;

/**
 * Runs a processor with a {@link Filer} that records every source file it creates, or fails on the
 * first. compile-testing hides generated files once a compilation failed; this shows what was
 * written anyway. Failing is the cleanest way to make the processor meet an unexpected exception,
 * with no test hook in the processor itself.
 */
final class FilerSpy extends AbstractProcessor {

  private final AbstractProcessor delegate;
  private final boolean fail;
  private final List<String> written = new ArrayList<>();

  private FilerSpy(AbstractProcessor delegate, boolean fail) {
    this.delegate = delegate;
    this.fail = fail;
  }

  /**
   * @return a spy that records the source files {@code delegate} creates
   */
  static FilerSpy recording(AbstractProcessor delegate) {
    return new FilerSpy(delegate, false);
  }

  /**
   * @return a spy whose filer throws {@code IllegalStateException("disk on fire")}
   */
  static FilerSpy failing(AbstractProcessor delegate) {
    return new FilerSpy(delegate, true);
  }

  /**
   * @return the qualified names of the source files created so far
   */
  List<String> written() {
    return List.copyOf(written);
  }

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    Filer filer =
        (Filer)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {Filer.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("createSourceFile")) {
                    if (fail) {
                      throw new IllegalStateException("disk on fire");
                    }
                    written.add(args[0].toString());
                  }
                  return invoke(method, env.getFiler(), args);
                });
    delegate.init(
        (ProcessingEnvironment)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {ProcessingEnvironment.class},
                (proxy, method, args) ->
                    method.getName().equals("getFiler") ? filer : invoke(method, env, args)));
  }

  private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return delegate.getSupportedAnnotationTypes();
  }

  @Override
  public Set<String> getSupportedOptions() {
    return delegate.getSupportedOptions();
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return delegate.getSupportedSourceVersion();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    return delegate.process(annotations, round);
  }
}
