import { getDatabase } from "~/db.server";
import { databaseStatus } from "~/models/system.server";

/** 200 when the database answers; 503 otherwise. */
export async function loader() {
  try {
    const status = databaseStatus(getDatabase());
    return Response.json({ status: "ok", database: "ok", ...status }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    console.error("healthz:", error);
    return Response.json({ status: "error", database: "unreachable" }, { status: 503 });
  }
}
