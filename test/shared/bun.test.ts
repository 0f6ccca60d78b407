// The shared multi scenarios on real loopback sockets: Bun transport, real clock, BunDriver.

import { bunWorld } from "./bun-world.ts";
import { combinationScenarios } from "./combinations.ts";
import { multiScenarios } from "./scenarios.ts";

multiScenarios("bun", bunWorld);
combinationScenarios("bun", bunWorld);
