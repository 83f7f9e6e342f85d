package com.example.custommodel;

import io.liondg.runtime.roles.ModelRoles;
import io.liondg.runtime.roles.Placement;
import io.liondg.runtime.roles.Roles;

/** Builds {@link SmallCnn} and prints the roles the processor generated for it. */
public final class Main {

  private Main() {}

  /** @param args unused */
  public static void main(String[] args) {
    SmallCnn model = new SmallCnn(10);
    ModelRoles<SmallCnn> roles = Roles.of(model);

    System.out.println("Role tree of SmallCnn:");
    System.out.print(roles.tree(model));
    System.out.println("Aux heads placed at compile time:");
    for (Placement.AuxHeadPlacement head : roles.placement().auxHeads()) {
      System.out.println("  " + head.path() + "  tap=" + head.tap()
          + (head.onResidualPath() ? "  ON A RESIDUAL PATH" : "  side tap"));
    }
  }
}
