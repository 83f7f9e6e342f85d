package io.liondg.processor;

import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.util.Optional;
import java.util.function.Function;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.tools.JavaFileObject;

/**
 * The source file that declares an element, where javac's tree API tells it: Java 17's {@code
 * javax.lang.model} cannot (its {@code Elements.getFileObjectOf} came in Java 18). Elsewhere
 * (another compiler, or a build tool that wraps javac's environment) it knows nothing and the
 * checks that need it stay silent.
 */
final class SourceFiles {

  private SourceFiles() {}

  /**
   * @param env the processing environment
   * @return an element's source file, or empty where unknown
   */
  static Function<Element, Optional<JavaFileObject>> of(ProcessingEnvironment env) {
    Trees trees;
    try {
      trees = Trees.instance(env);
    } catch (IllegalArgumentException | LinkageError notJavac) {
      return element -> Optional.empty();
    }
    return element -> {
      TreePath path = trees.getPath(element);
      return path == null
          ? Optional.empty()
          : Optional.of(path.getCompilationUnit().getSourceFile());
    };
  }
}
