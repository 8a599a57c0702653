import { Button, Center, Group, Stack, Text, Title } from "@mantine/core";
import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

const MESSAGES: Record<number, { title: string; text: string }> = {
  400: { title: "That request could not be read", text: "Something in the address or the form was not valid." },
  403: { title: "You don't have access to this page", text: "Your role does not allow this. Ask a team lead or an admin if you need it." },
  404: { title: "Not found", text: "There is nothing at this address. It may have been removed, or the link is mistyped." },
  429: { title: "Too many attempts", text: "Wait a minute and try again." },
};

/** The human face of a thrown Response or an unexpected error: never a stack trace. */
export function ErrorPage() {
  const error = useRouteError();
  let status = 500;
  let detail: string | undefined;
  if (isRouteErrorResponse(error)) {
    status = error.status;
    detail = typeof error.data === "string" && error.data.length < 300 ? error.data : undefined;
  } else if (typeof window !== "undefined") {
    console.error(error);
  }
  const known = MESSAGES[status] ?? { title: "Something went wrong", text: "An unexpected error happened on our side. Try again; if it keeps happening, tell the team." };
  return (
    <Center mih="60vh" p="xl">
      <Stack align="center" gap="sm" maw={520} ta="center" data-testid="error-page" data-status={status}>
        <Text c="dimmed" fw={700} fz={48}>
          {status}
        </Text>
        <Title order={2}>{known.title}</Title>
        <Text c="dimmed">{detail && detail !== known.title ? detail : known.text}</Text>
        <Group mt="md">
          <Button component={Link} to="/portfolio" variant="light">
            Go to the portfolio
          </Button>
        </Group>
      </Stack>
    </Center>
  );
}
