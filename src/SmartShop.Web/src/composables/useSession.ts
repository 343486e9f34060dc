import { computed, readonly, ref, shallowRef } from "vue";
import { getMe, onUnauthorized, signIn as postSignIn, signOut as postSignOut } from "../api/client.ts";
import type { SignedInUser, SignInRequest } from "../api/types.ts";
import { resumePlantLive, suspendPlantLive } from "../live/plantLive.ts";
import { allows, type Policy } from "../logic/auth.ts";
import { toProblem, type ApiProblem } from "../logic/problem.ts";
import { parseRoute, safeReturn, signInHash } from "../logic/route.ts";

/** checking: asking the server at start; unreachable: it did not answer (the page offers a retry). */
export type SessionState = "checking" | "signedIn" | "signedOut" | "unreachable";

const state = ref<SessionState>("checking");
const user = shallowRef<SignedInUser | null>(null);
/** The session ended under the person's hands (a 401 while signed in), so the sign-in page says why it is shown. */
const ended = ref(false);
const problem = ref<ApiProblem | null>(null);

function showSignIn(): void {
  // The terminal signs people in on its own screen and stays where it is.
  const name = parseRoute(location.hash).name;
  if (name !== "signIn" && name !== "terminal") location.hash = signInHash(location.hash || "#/");
}

/** Any 401: nobody is signed in any more. The page goes to sign-in and comes back to where it was afterwards. */
function sessionEnded(): void {
  if (state.value === "signedIn") ended.value = true;
  state.value = "signedOut";
  user.value = null;
  suspendPlantLive();
  showSignIn();
}

onUnauthorized(sessionEnded);

/** Asks the server who is signed in (at start, and from the retry when it was unreachable). */
export async function checkSession(): Promise<void> {
  state.value = "checking";
  try {
    const me = await getMe();
    user.value = me;
    state.value = "signedIn";
    problem.value = null;
  } catch (error) {
    const p = toProblem(error);
    if (p.status === 401) return; // sessionEnded ran
    problem.value = p;
    state.value = "unreachable";
  }
}

/** Signs in and goes to `returnTo` (a hash). Rejects with the server's refusal. */
export async function signIn(request: SignInRequest, returnTo: string): Promise<void> {
  const me = await postSignIn(request);
  user.value = me;
  state.value = "signedIn";
  ended.value = false;
  problem.value = null;
  resumePlantLive();
  location.replace(safeReturn(returnTo));
}

/**
 * Ends the session; the sign-in page is shown for the next person (returning to the overview). `stayAt` keeps the
 * page where it is (the terminal shows its own sign-in there).
 */
export async function signOut(stayAt?: string): Promise<void> {
  try {
    await postSignOut();
  } finally {
    ended.value = false;
    state.value = "signedOut";
    user.value = null;
    suspendPlantLive();
    location.hash = stayAt ?? signInHash("#/");
  }
}

/** The session, read-only, and what the signed-in person's roles allow (the server checks again on every request). */
export function useSession() {
  return {
    state: readonly(state),
    user: computed(() => user.value),
    ended: readonly(ended),
    problem: computed(() => problem.value),
    roles: computed(() => user.value?.roles ?? []),
    can: (policy: Policy): boolean => allows(user.value?.roles ?? [], policy),
  };
}
