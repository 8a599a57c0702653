import { Alert, Anchor, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { commitSession, getUser, safeRedirect, sessionStorage } from "~/auth/session.server";
import { getDatabase } from "~/db.server";
import { attemptLogin } from "~/services/auth.server";

export const meta: MetaFunction = () => [{ title: "Sign in · Affiliate Desk" }];

const LoginForm = z.object({
  email: z.string().trim().min(1, "Enter your e-mail address.").email("That is not an e-mail address."),
  password: z.string().min(1, "Enter your password."),
  redirectTo: z.string().optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  if (user) throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = Object.fromEntries(await request.formData());
  const parsed = LoginForm.safeParse(form);
  if (!parsed.success) {
    const fieldErrors = parsed.error.flatten().fieldErrors;
    return data({ formError: null, fieldErrors, email: String(form.email ?? "") }, { status: 400 });
  }
  const { email, password, redirectTo } = parsed.data;
  const result = await attemptLogin(getDatabase(), { email, password, ip: context.clientIp ?? "unknown" });
  if (!result.ok) {
    const status = result.reason === "rate_limited" ? 429 : 400;
    const formError =
      result.reason === "rate_limited"
        ? "Too many failed sign-ins from this address. Wait a minute and try again."
        : result.reason === "disabled"
          ? "This account is disabled. Ask an admin."
          : "Wrong e-mail or password.";
    return data({ formError, fieldErrors: {}, email }, { status });
  }
  // A fresh session id at every sign-in (no fixation).
  const session = await sessionStorage().getSession();
  session.set("userId", result.user.id);
  session.flash("toast", { message: `Signed in as ${result.user.name}`, color: "green" });
  throw redirect(safeRedirect(redirectTo), { headers: { "Set-Cookie": await commitSession(session) } });
}

export default function Login() {
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const fieldErrors = (actionData?.fieldErrors ?? {}) as Record<string, string[] | undefined>;
  return (
    <Center mih="100vh" p="md" bg="var(--mantine-color-body)">
      <Paper withBorder shadow="sm" p="xl" radius="lg" w={400}>
        <Stack gap="xs" mb="lg">
          <Title order={2}>Affiliate Desk</Title>
          <Text c="dimmed" size="sm">
            Sign in to your portfolio.
          </Text>
        </Stack>
        <Form method="post" noValidate>
          <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
          <Stack>
            {actionData?.formError ? (
              <Alert color="red" variant="light" role="alert" data-testid="login-error">
                {actionData.formError}
              </Alert>
            ) : null}
            <TextInput
              label="E-mail"
              name="email"
              type="email"
              autoComplete="username"
              autoFocus
              required
              defaultValue={actionData?.email}
              error={fieldErrors.email?.[0]}
            />
            <PasswordInput
              label="Password"
              name="password"
              autoComplete="current-password"
              required
              error={fieldErrors.password?.[0]}
            />
            <Button type="submit" loading={navigation.state !== "idle" && navigation.formAction === "/login"}>
              Sign in
            </Button>
            <Text size="xs" c="dimmed">
              Trying the demo? The accounts are listed in the README. <Anchor href="/healthz">Status</Anchor>
            </Text>
          </Stack>
        </Form>
      </Paper>
    </Center>
  );
}
