import { describe, expect, it } from "vitest";
import { InviteeQuery } from "~/domain/invitee-query";

describe("the invitee list's query", () => {
  it("reads the filters the form submits", () => {
    expect(InviteeQuery.parse({ ivip: "3", istage: "traded", icountry: "vn", ipage: "2" })).toMatchObject({ ivip: 3, istage: "traded", icountry: "VN", ipage: 2 });
    expect(InviteeQuery.parse({ ivip: "0" }).ivip).toBe(0);
  });

  it("takes the form's empty values (Any) as no filter, and ignores bad ones", () => {
    expect(InviteeQuery.parse({ ivip: "", istage: "", icountry: "", iq: "", icode: " ", iregFrom: "" })).toEqual({ ipage: 1 });
    expect(InviteeQuery.parse({ icode: " 4FKV6C " }).icode).toBe("4FKV6C");
    expect(InviteeQuery.parse({ ivip: "12", istage: "rich", ipage: "-1" })).toEqual({ ipage: 1 });
  });
});
