export * from "./users";
export * from "./audit";
export * from "./affiliates";
export * from "./activity";
export * from "./imports";
export * from "./work";
export * from "./health";
