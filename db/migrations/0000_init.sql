-- Edited by hand after drizzle-kit: the fact, rollup and before-image tables are WITHOUT ROWID
-- (their composite primary key is their storage order; see docs/decisions/0003-import-pipeline.md).
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` integer,
	`data` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE INDEX `sessions_expires_idx` ON `sessions` (`expires_at`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`password_hash` text NOT NULL,
	`is_demo` integer DEFAULT false NOT NULL,
	`preferences` text DEFAULT '{}' NOT NULL,
	`disabled_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`user_id` integer,
	`action` text NOT NULL,
	`entity_type` text,
	`entity_id` text,
	`before` text,
	`after` text,
	`ip` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_entity_idx` ON `audit_log` (`entity_type`,`entity_id`,`at`);--> statement-breakpoint
CREATE INDEX `audit_action_ip_idx` ON `audit_log` (`action`,`ip`,`at`);--> statement-breakpoint
CREATE INDEX `audit_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE TABLE `affiliates` (
	`uid` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`type` text DEFAULT 'affiliate' NOT NULL,
	`country` text,
	`language` text,
	`joined_at` text,
	`tier` text,
	`manager_id` integer,
	`status` text DEFAULT 'active' NOT NULL,
	`tags` text DEFAULT '[]' NOT NULL,
	`email` text,
	`telegram` text,
	`website` text,
	`roster_manager_email` text,
	`source` text DEFAULT 'roster' NOT NULL,
	`import_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`manager_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `affiliates_manager_idx` ON `affiliates` (`manager_id`);--> statement-breakpoint
CREATE INDEX `affiliates_name_idx` ON `affiliates` (`name`);--> statement-breakpoint
CREATE TABLE `import_affiliate_before` (
	`import_id` integer NOT NULL,
	`uid` text NOT NULL,
	`row` text NOT NULL,
	`prev_import_id` integer,
	PRIMARY KEY(`import_id`, `uid`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `import_invitee_before` (
	`import_id` integer NOT NULL,
	`uid` text NOT NULL,
	`affiliate_uid` text NOT NULL,
	`registered_at` text NOT NULL,
	`referral_code` text,
	`verified_at` text,
	`first_deposit_at` text,
	`first_trade_at` text,
	`country` text,
	`vip_level` integer,
	`commission_type` text,
	`rebate_rate` real,
	`latest_week` text NOT NULL,
	`prev_import_id` integer NOT NULL,
	PRIMARY KEY(`import_id`, `uid`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `import_invitee_before_prev_idx` ON `import_invitee_before` (`prev_import_id`);--> statement-breakpoint
CREATE TABLE `invitees` (
	`uid` text PRIMARY KEY NOT NULL,
	`affiliate_uid` text NOT NULL,
	`registered_at` text NOT NULL,
	`referral_code` text,
	`verified_at` text,
	`first_deposit_at` text,
	`first_trade_at` text,
	`country` text,
	`vip_level` integer,
	`commission_type` text,
	`rebate_rate` real,
	`latest_week` text NOT NULL,
	`import_id` integer NOT NULL,
	FOREIGN KEY (`affiliate_uid`) REFERENCES `affiliates`(`uid`) ON UPDATE no action ON DELETE no action
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `invitees_affiliate_idx` ON `invitees` (`affiliate_uid`,`registered_at`);--> statement-breakpoint
CREATE TABLE `rebindings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`invitee_uid` text NOT NULL,
	`from_affiliate_uid` text NOT NULL,
	`to_affiliate_uid` text NOT NULL,
	`week_start` text NOT NULL,
	`import_id` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `rebindings_import_idx` ON `rebindings` (`import_id`);--> statement-breakpoint
CREATE INDEX `rebindings_from_idx` ON `rebindings` (`from_affiliate_uid`);--> statement-breakpoint
CREATE INDEX `rebindings_to_idx` ON `rebindings` (`to_affiliate_uid`);--> statement-breakpoint
CREATE TABLE `referral_codes` (
	`code` text NOT NULL,
	`affiliate_uid` text NOT NULL,
	`first_seen_week` text NOT NULL,
	PRIMARY KEY(`code`, `affiliate_uid`),
	FOREIGN KEY (`affiliate_uid`) REFERENCES `affiliates`(`uid`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `referral_codes_affiliate_idx` ON `referral_codes` (`affiliate_uid`);--> statement-breakpoint
CREATE TABLE `activity` (
	`week_start` text NOT NULL,
	`invitee_uid` text NOT NULL,
	`affiliate_uid` text NOT NULL,
	`country` text,
	`spot_volume` integer DEFAULT 0 NOT NULL,
	`futures_volume` integer DEFAULT 0 NOT NULL,
	`options_volume` integer DEFAULT 0 NOT NULL,
	`fiat_volume` integer DEFAULT 0 NOT NULL,
	`earn_balance` integer DEFAULT 0 NOT NULL,
	`web3_wallet_active` integer DEFAULT 0 NOT NULL,
	`spot_commission` integer DEFAULT 0 NOT NULL,
	`futures_commission` integer DEFAULT 0 NOT NULL,
	`fees` integer DEFAULT 0 NOT NULL,
	`import_id` integer NOT NULL,
	PRIMARY KEY(`week_start`, `invitee_uid`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `import_activity_before` (
	`import_id` integer NOT NULL,
	`week_start` text NOT NULL,
	`invitee_uid` text NOT NULL,
	`affiliate_uid` text NOT NULL,
	`country` text,
	`spot_volume` integer NOT NULL,
	`futures_volume` integer NOT NULL,
	`options_volume` integer NOT NULL,
	`fiat_volume` integer NOT NULL,
	`earn_balance` integer NOT NULL,
	`web3_wallet_active` integer NOT NULL,
	`spot_commission` integer NOT NULL,
	`futures_commission` integer NOT NULL,
	`fees` integer NOT NULL,
	`prev_import_id` integer NOT NULL,
	PRIMARY KEY(`import_id`, `week_start`, `invitee_uid`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `import_activity_before_prev_idx` ON `import_activity_before` (`prev_import_id`);--> statement-breakpoint
CREATE TABLE `rollup_affiliate_country_week` (
	`affiliate_uid` text NOT NULL,
	`week_start` text NOT NULL,
	`country` text NOT NULL,
	`traded` integer DEFAULT 0 NOT NULL,
	`active` integer DEFAULT 0 NOT NULL,
	`spot_volume` integer DEFAULT 0 NOT NULL,
	`futures_volume` integer DEFAULT 0 NOT NULL,
	`options_volume` integer DEFAULT 0 NOT NULL,
	`fiat_volume` integer DEFAULT 0 NOT NULL,
	`earn_balance` integer DEFAULT 0 NOT NULL,
	`spot_commission` integer DEFAULT 0 NOT NULL,
	`futures_commission` integer DEFAULT 0 NOT NULL,
	`fees` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`affiliate_uid`, `week_start`, `country`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `rollup_affiliate_week` (
	`affiliate_uid` text NOT NULL,
	`week_start` text NOT NULL,
	`rows` integer DEFAULT 0 NOT NULL,
	`traded` integer DEFAULT 0 NOT NULL,
	`active` integer DEFAULT 0 NOT NULL,
	`futures_adopters` integer DEFAULT 0 NOT NULL,
	`earn_adopters` integer DEFAULT 0 NOT NULL,
	`options_adopters` integer DEFAULT 0 NOT NULL,
	`web3_wallet_adopters` integer DEFAULT 0 NOT NULL,
	`fiat_adopters` integer DEFAULT 0 NOT NULL,
	`spot_volume` integer DEFAULT 0 NOT NULL,
	`futures_volume` integer DEFAULT 0 NOT NULL,
	`options_volume` integer DEFAULT 0 NOT NULL,
	`fiat_volume` integer DEFAULT 0 NOT NULL,
	`earn_balance` integer DEFAULT 0 NOT NULL,
	`spot_commission` integer DEFAULT 0 NOT NULL,
	`futures_commission` integer DEFAULT 0 NOT NULL,
	`fees` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`affiliate_uid`, `week_start`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `rollup_week_idx` ON `rollup_affiliate_week` (`week_start`);--> statement-breakpoint
CREATE TABLE `rollup_funnel_week` (
	`affiliate_uid` text NOT NULL,
	`week_start` text NOT NULL,
	`country` text NOT NULL,
	`referrals` integer DEFAULT 0 NOT NULL,
	`verified` integer DEFAULT 0 NOT NULL,
	`deposited` integer DEFAULT 0 NOT NULL,
	`first_trades` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`affiliate_uid`, `week_start`, `country`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `rollup_invitee_flags` (
	`affiliate_uid` text NOT NULL,
	`block` integer NOT NULL,
	`invitee_uid` text NOT NULL,
	`traded` integer DEFAULT 0 NOT NULL,
	`active` integer DEFAULT 0 NOT NULL,
	`futures` integer DEFAULT 0 NOT NULL,
	`earn` integer DEFAULT 0 NOT NULL,
	`options` integer DEFAULT 0 NOT NULL,
	`web3_wallet` integer DEFAULT 0 NOT NULL,
	`fiat` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`affiliate_uid`, `block`, `invitee_uid`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `imports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`file_name` text NOT NULL,
	`sha256` text NOT NULL,
	`status` text NOT NULL,
	`user_id` integer,
	`skip_invalid` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`finished_at` integer,
	`rows` integer DEFAULT 0 NOT NULL,
	`inserted` integer DEFAULT 0 NOT NULL,
	`updated` integer DEFAULT 0 NOT NULL,
	`unchanged` integer DEFAULT 0 NOT NULL,
	`rejected` integer DEFAULT 0 NOT NULL,
	`weeks` text,
	`report` text,
	`file_path` text,
	`rejected_path` text,
	`rolled_back_at` integer,
	`rolled_back_by` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`rolled_back_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `imports_sha_idx` ON `imports` (`sha256`);--> statement-breakpoint
CREATE INDEX `imports_created_idx` ON `imports` (`created_at`);--> statement-breakpoint
CREATE TABLE `locks` (
	`name` text PRIMARY KEY NOT NULL,
	`holder` text NOT NULL,
	`pid` integer NOT NULL,
	`acquired_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `health_snapshots` (
	`affiliate_uid` text NOT NULL,
	`week_start` text NOT NULL,
	`score` integer,
	`band` text,
	`measures` text,
	`computed_at` integer NOT NULL,
	PRIMARY KEY(`affiliate_uid`, `week_start`),
	FOREIGN KEY (`affiliate_uid`) REFERENCES `affiliates`(`uid`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `incident_affiliates` (
	`incident_id` integer NOT NULL,
	`affiliate_uid` text NOT NULL,
	PRIMARY KEY(`incident_id`, `affiliate_uid`),
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`affiliate_uid`) REFERENCES `affiliates`(`uid`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `incident_affiliates_aff_idx` ON `incident_affiliates` (`affiliate_uid`);--> statement-breakpoint
CREATE TABLE `incident_updates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`author_id` integer,
	`at` integer NOT NULL,
	`kind` text NOT NULL,
	`text` text NOT NULL,
	`audience` text,
	`channel` text,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `incident_updates_idx` ON `incident_updates` (`incident_id`,`at`);--> statement-breakpoint
CREATE TABLE `incidents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`severity` text NOT NULL,
	`category` text NOT NULL,
	`products` text DEFAULT '[]' NOT NULL,
	`countries` text DEFAULT '[]' NOT NULL,
	`owner_id` integer,
	`status` text DEFAULT 'reported' NOT NULL,
	`status_times` text DEFAULT '{}' NOT NULL,
	`resolution` text,
	`postmortem` text,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `incidents_status_idx` ON `incidents` (`status`,`severity`);--> statement-breakpoint
CREATE TABLE `notes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`affiliate_uid` text NOT NULL,
	`author_id` integer NOT NULL,
	`kind` text NOT NULL,
	`occurred_at` integer NOT NULL,
	`participants` text,
	`summary` text NOT NULL,
	`sentiment` text DEFAULT 'neutral' NOT NULL,
	`topics` text DEFAULT '[]' NOT NULL,
	`follow_up_date` text,
	`deleted_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`affiliate_uid`) REFERENCES `affiliates`(`uid`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notes_affiliate_idx` ON `notes` (`affiliate_uid`,`occurred_at`);--> statement-breakpoint
CREATE TABLE `tasks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`affiliate_uid` text NOT NULL,
	`title` text NOT NULL,
	`kind` text NOT NULL,
	`product` text,
	`expected_uplift` integer,
	`due_date` text,
	`priority` text DEFAULT 'medium' NOT NULL,
	`assignee_id` integer,
	`status` text DEFAULT 'open' NOT NULL,
	`drop_reason` text,
	`note_id` integer,
	`incident_id` integer,
	`rule_key` text,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`completed_at` integer,
	FOREIGN KEY (`affiliate_uid`) REFERENCES `affiliates`(`uid`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assignee_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`note_id`) REFERENCES `notes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `tasks_assignee_idx` ON `tasks` (`assignee_id`,`status`,`due_date`);--> statement-breakpoint
CREATE INDEX `tasks_affiliate_idx` ON `tasks` (`affiliate_uid`,`status`);