import { List, Paper, Text, ThemeIcon } from "@mantine/core";
import { Icon, type IconName } from "./Icon";

/** What a page will hold once the issue that builds it lands: an honest empty state, not a fake one. */
export function ComingSoon({ icon, intro, items }: { icon: IconName; intro: string; items: string[] }) {
  return (
    <Paper withBorder p="xl" radius="lg" maw={720} data-testid="coming-soon">
      <ThemeIcon size={44} radius="xl" variant="light" mb="md">
        <Icon name={icon} size={24} />
      </ThemeIcon>
      <Text fw={600} mb="xs">
        {intro}
      </Text>
      <List size="sm" c="dimmed" spacing={4}>
        {items.map((item) => (
          <List.Item key={item}>{item}</List.Item>
        ))}
      </List>
    </Paper>
  );
}
