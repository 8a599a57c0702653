CREATE TABLE `health_alerts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`affiliate_uid` text NOT NULL,
	`rule` text NOT NULL,
	`week_start` text NOT NULL,
	`reason` text NOT NULL,
	`task_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`affiliate_uid`) REFERENCES `affiliates`(`uid`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `health_alerts_affiliate_idx` ON `health_alerts` (`affiliate_uid`,`rule`,`week_start`);--> statement-breakpoint
CREATE TABLE `health_overrides` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`affiliate_uid` text NOT NULL,
	`band` text NOT NULL,
	`reason` text NOT NULL,
	`expires_at` integer NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`cleared_at` integer,
	FOREIGN KEY (`affiliate_uid`) REFERENCES `affiliates`(`uid`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `health_overrides_affiliate_idx` ON `health_overrides` (`affiliate_uid`,`expires_at`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` integer,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
